//! The servers of a connection string: the `host`, `hostaddr` and `port`
//! lists, and how libpq pairs them into servers. With no host, the local
//! socket directory libpq would use.

use std::net::IpAddr;
use std::path::Path;

use crate::render::count;

use super::params::Params;

/// Where libpq looks for the server's socket when no host is given.
const SOCKET_DIRECTORIES: &[&str] = &["/var/run/postgresql", "/run/postgresql", "/tmp"];

/// The port when none is given.
const DEFAULT_PORT: u16 = 5432;

/// The servers to try, in order: each a host name, a `hostaddr`, or both,
/// with its own port or the one port they all share.
#[derive(Debug)]
pub(super) struct Servers {
    /// Host names or socket directories; none when only `hostaddr` is given.
    hosts: Vec<String>,
    /// The `hostaddr` list as written, for the password file.
    addr_names: Vec<String>,
    /// The `hostaddr` list.
    addrs: Vec<IpAddr>,
    /// One port each, or one for all.
    ports: Vec<u16>,
}

impl Servers {
    /// The servers `params` name, refusing lists that do not pair up.
    pub(super) fn read(params: &Params) -> Result<Self, String> {
        let hosts: Vec<String> = match params.get("host").filter(|h| !h.is_empty()) {
            Some(hosts) => hosts.split(',').map(str::to_owned).collect(),
            None if params.get("hostaddr").is_some() => Vec::new(),
            None => vec![default_socket_directory()],
        };
        let addr_names: Vec<String> = params
            .get("hostaddr")
            .map(|addrs| addrs.split(',').map(str::to_owned).collect())
            .unwrap_or_default();
        let addrs = addr_names
            .iter()
            .map(|addr| {
                addr.parse()
                    .map_err(|_| format!("hostaddr {addr:?} is not an IP address"))
            })
            .collect::<Result<_, _>>()?;
        let ports = ports(params)?;
        let servers = Self {
            hosts,
            addr_names,
            addrs,
            ports,
        };
        servers.check_pairing()?;
        Ok(servers)
    }

    /// As libpq: as many host names as addresses when both are given, and
    /// one port for all or one each.
    fn check_pairing(&self) -> Result<(), String> {
        let (hosts, addrs) = (self.hosts.len(), self.addrs.len());
        if hosts > 0 && addrs > 0 && hosts != addrs {
            return Err(format!(
                "host names {} but hostaddr {addrs}",
                count(hosts as u64, "server")
            ));
        }
        let servers = hosts.max(addrs);
        if self.ports.len() > 1 && self.ports.len() != servers {
            return Err(format!(
                "port lists {} for {}",
                count(self.ports.len() as u64, "port"),
                count(servers as u64, "host")
            ));
        }
        Ok(())
    }

    /// Tells the driver the hosts, addresses and ports.
    pub(super) fn apply(&self, pg: &mut postgres::Config) {
        for host in &self.hosts {
            pg.host(host.as_str());
        }
        for addr in &self.addrs {
            pg.hostaddr(*addr);
        }
        for port in &self.ports {
            pg.port(*port);
        }
    }

    /// Each server as the password file names it: its host name (or else
    /// its address, as written) and its port.
    pub(super) fn named(&self) -> Vec<(String, u16)> {
        let names = if self.hosts.is_empty() {
            &self.addr_names
        } else {
            &self.hosts
        };
        names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let port = self.ports.get(i).or(self.ports.first()).copied();
                (name.clone(), port.unwrap_or(DEFAULT_PORT))
            })
            .collect()
    }
}

/// The `port` list, an empty entry meaning the default port.
fn ports(params: &Params) -> Result<Vec<u16>, String> {
    match params.get("port").filter(|p| !p.is_empty()) {
        Some(ports) => ports
            .split(',')
            .map(|port| match port {
                "" => Ok(DEFAULT_PORT),
                port => port
                    .parse()
                    .map_err(|_| format!("port {port:?} is not a port number")),
            })
            .collect(),
        None => Ok(vec![DEFAULT_PORT]),
    }
}

/// The first of libpq's socket directories that exists.
fn default_socket_directory() -> String {
    SOCKET_DIRECTORIES
        .iter()
        .find(|dir| Path::new(dir).is_dir())
        .unwrap_or(&"/tmp")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(pairs: &[(&str, &str)]) -> Result<Vec<(String, u16)>, String> {
        Servers::read(&Params::of(pairs)).map(|servers| servers.named())
    }

    fn server(name: &str, port: u16) -> (String, u16) {
        (name.to_owned(), port)
    }

    #[test]
    fn each_host_takes_its_own_port_or_the_shared_one() {
        assert_eq!(
            named(&[("host", "db1,db2"), ("port", "5433,")]),
            Ok(vec![server("db1", 5433), server("db2", 5432)])
        );
        assert_eq!(
            named(&[("host", "db1,db2"), ("port", "6432")]),
            Ok(vec![server("db1", 6432), server("db2", 6432)])
        );
        assert_eq!(
            named(&[("hostaddr", "10.0.0.1,::1")]),
            Ok(vec![server("10.0.0.1", 5432), server("::1", 5432)])
        );
        let socket = named(&[]).expect("the local socket");
        assert!(socket[0].0.starts_with('/'), "{socket:?}");
    }

    #[test]
    fn lists_that_do_not_pair_up_are_refused() {
        for (pairs, says) in [
            (
                &[("host", "db1,db2,db3"), ("port", "5432,5433")][..],
                "port lists 2 ports for 3 hosts",
            ),
            (
                &[("host", "db1,db2"), ("hostaddr", "10.0.0.1")],
                "host names 2 servers but hostaddr 1",
            ),
            // Regression: "for 1 hosts".
            (
                &[("host", "db1"), ("port", "5432,5433")],
                "port lists 2 ports for 1 host",
            ),
            (&[("port", "five")], "port \"five\" is not a port number"),
            (
                &[("hostaddr", "db1")],
                "hostaddr \"db1\" is not an IP address",
            ),
        ] {
            assert_eq!(named(pairs), Err(says.to_owned()));
        }
    }
}
