//! A publisher asked for one day's list a request, whose answer is the list
//! of that day or none (the CBU, the NBK, the NBRB; the BCRA, whose 404 is
//! an error): the request, the list held to the day asked, and the loop
//! over the days of a range.

use chrono::{Days, NaiveDate};

use super::oxr::each_day;
use super::{ProviderInfo, Selection};
use crate::error::Error;
use crate::http::{Get, HttpClient};
use crate::model::DayRates;

/// The list `get` answers for `day`, reduced to `selection`: none on HTTP
/// 404, when `parse` finds none, or when it is an earlier day's (still in
/// force); a list dated after `day` is refused ([`of_day`]).
pub(super) fn day_list(
    http: &HttpClient,
    selection: &Selection,
    get: &Get<'_>,
    day: NaiveDate,
    parse: impl FnOnce(&[u8]) -> Result<Option<DayRates>, String>,
) -> anyhow::Result<Option<DayRates>> {
    let Some(body) = http.get_unless(get, 404)? else {
        log::info!("{}: 404, no list published", get.url);
        return Ok(None);
    };
    Ok(list_of_day(selection, get.url, day, parse(&body))?)
}

/// The list `parsed` from the answer of `url` for `day`, reduced to
/// `selection`: none when the answer holds none or an earlier day's, a
/// refusal of the answer when it is dated later ([`of_day`]) or invalid.
pub(super) fn list_of_day(
    selection: &Selection,
    url: &str,
    day: NaiveDate,
    parsed: Result<Option<DayRates>, String>,
) -> Result<Option<DayRates>, Error> {
    let parsed = parsed.and_then(|list| of_day(day, list));
    let list = selection
        .keep(url, parsed.map(|list| list.into_iter().collect()))?
        .pop();
    match &list {
        Some(list) => log::info!("{url}: {} rates", list.rates().len()),
        None => log::info!("{url}: no list of {day}"),
    }
    Ok(list)
}

/// The list answered for the day `asked`: kept when it is that day's,
/// none when it is an earlier day's (a day without a list of its own),
/// refused when it is dated later.
pub(super) fn of_day(asked: NaiveDate, list: Option<DayRates>) -> Result<Option<DayRates>, String> {
    match list {
        Some(list) if list.date() > asked => Err(format!(
            "asked for {asked}, the list is dated {}",
            list.date()
        )),
        Some(list) if list.date() == asked => Ok(Some(list)),
        _ => Ok(None),
    }
}

/// The lists of `from..=to` of the provider `info` asked on `today`,
/// oldest first, one request (`list`) per calendar day from its first day
/// to the last it may have dated, under the progress bar when `progress`.
pub(super) fn lists_between(
    info: &ProviderInfo,
    today: NaiveDate,
    progress: bool,
    (from, to): (NaiveDate, NaiveDate),
    list: impl FnMut(NaiveDate) -> anyhow::Result<Option<DayRates>>,
) -> anyhow::Result<Vec<DayRates>> {
    let from = from.max(info.first_day);
    let to = to.min(today + Days::new(info.dated_ahead));
    each_day(info.name, progress, from, to, list)
}
