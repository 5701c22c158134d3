//! Rates in PostgreSQL's binary format: rows of a binary COPY, encoded into
//! one buffer and sent in large writes, and currency codes as parameters.
//!
//! `BinaryCopyInWriter` drives the connection once per row; a history of
//! 220,000 rates spent more time there than in parsing the XML. Here a row is
//! a few appends to a buffer, and the connection sees one write per 64 KiB.
//! Values are encoded by the same `ToSql` implementations as any query
//! parameter, so a rate reaches the server exactly as parsed.

use std::error::Error;
use std::io::Write;

use anyhow::Context;
use bytes::{BufMut, BytesMut};
use postgres::CopyInWriter;
use postgres::types::{IsNull, ToSql, Type, to_sql_checked};

use crate::model::{CurrencyCode, DayRates, Unit};

/// The signature, flags and header-extension length of a binary COPY.
const HEADER: &[u8] = b"PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0";

/// How much is encoded before it is handed to the connection.
const WRITE_SIZE: usize = 64 * 1024;

/// Writes the rows of `days` to `sink`, a `COPY … (FORMAT binary)` of the
/// columns `source, rate_date, base, quote, series, unit, rate, valid_until`, and finishes it; returns
/// how many rows the server took.
pub(super) fn copy_rows(
    mut sink: CopyInWriter<'_>,
    source: &str,
    days: &[DayRates],
) -> anyhow::Result<u64> {
    let mut buf = BytesMut::with_capacity(WRITE_SIZE + 256);
    buf.put_slice(HEADER);
    for day in days {
        let date = day.date();
        let valid_until = day.period_end();
        for rate in day.rates() {
            buf.put_i16(8);
            field(&mut buf, &source, &Type::TEXT)?;
            field(&mut buf, &date, &Type::DATE)?;
            field(&mut buf, &rate.base, &Type::BPCHAR)?;
            field(&mut buf, &rate.quote, &Type::BPCHAR)?;
            field(&mut buf, &rate.series.as_str(), &Type::TEXT)?;
            field(&mut buf, &unit(rate.unit), &Type::INT4)?;
            field(&mut buf, &rate.rate.value(), &Type::NUMERIC)?;
            field(&mut buf, &valid_until, &Type::DATE)?;
            if buf.len() >= WRITE_SIZE {
                send(&mut sink, &buf)?;
                buf.clear();
            }
        }
    }
    buf.put_i16(-1);
    send(&mut sink, &buf)?;
    sink.finish().context("finishing the COPY")
}

/// Writes `buf` to the COPY. The writer reports a failure of the connection
/// as an I/O error wrapping the client's own error, which hides it from the
/// chain that decides the exit code: unwrap it, so that a lost connection is
/// a database error (exit 5) here as anywhere else.
fn send(sink: &mut CopyInWriter<'_>, buf: &[u8]) -> anyhow::Result<()> {
    sink.write_all(buf).map_err(|err| {
        let wraps_client_error = err
            .get_ref()
            .is_some_and(|inner| inner.is::<postgres::Error>());
        let err = if wraps_client_error {
            match err
                .into_inner()
                .map(|inner| inner.downcast::<postgres::Error>())
            {
                Some(Ok(pg)) => anyhow::Error::from(*pg),
                Some(Err(other)) => anyhow::anyhow!(other),
                None => anyhow::anyhow!("the connection failed"),
            }
        } else {
            anyhow::Error::from(err)
        };
        err.context("sending rows")
    })
}

/// A currency code is sent as the text of its three letters, to `char(3)`
/// and `text` columns and parameters alike.
impl ToSql for CurrencyCode {
    fn to_sql(&self, _: &Type, out: &mut BytesMut) -> Result<IsNull, Box<dyn Error + Sync + Send>> {
        out.put_slice(self.as_str().as_bytes());
        Ok(IsNull::No)
    }

    fn accepts(ty: &Type) -> bool {
        <&str as ToSql>::accepts(ty)
    }

    to_sql_checked!();
}

/// A unit as the `integer` column holds it; a unit is at most 10^6.
pub(super) fn unit(unit: Unit) -> i32 {
    i32::try_from(unit.count()).unwrap_or(i32::MAX)
}

/// Appends one field: its length, then `value` encoded as `ty`.
fn field<T: ToSql>(buf: &mut BytesMut, value: &T, ty: &Type) -> anyhow::Result<()> {
    let at = buf.len();
    buf.put_i32(0);
    let written = value
        .to_sql(ty, buf)
        .map_err(|err| anyhow::anyhow!("encoding {value:?} as {ty}: {err}"))?;
    let len = match written {
        IsNull::No => i32::try_from(buf.len() - at - 4).context("a field over 2 GiB")?,
        IsNull::Yes => -1,
    };
    buf[at..at + 4].copy_from_slice(&len.to_be_bytes());
    Ok(())
}
