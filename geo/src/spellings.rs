//! How people write the names of intercommunalities. Shared with `build.rs`, which writes every
//! spelling of every EPCI once, sorted, so that a question is checked for them without any work
//! at run time.

use crate::fold::fold;

/// The kind of an intercommunality with its own taxation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EpciKind {
    /// Communauté de communes.
    CommunauteCommunes,
    /// Communauté d'agglomération.
    CommunauteAgglomeration,
    /// Communauté urbaine.
    CommunauteUrbaine,
    /// Métropole (the Métropole de Lyon included).
    Metropole,
}

/// The kind of an EPCI from its legal-form code in `epci.tsv`.
pub(crate) fn epci_kind(code: Option<&str>) -> EpciKind {
    match code {
        Some("CA") => EpciKind::CommunauteAgglomeration,
        Some("CU") => EpciKind::CommunauteUrbaine,
        Some("METRO") | Some("MET69") => EpciKind::Metropole,
        _ => EpciKind::CommunauteCommunes,
    }
}

/// The ways people write an EPCI's name, folded: as written (« cc granville terre et mer »),
/// with the kind spelled out (« communaute de communes granville terre et mer »), without the
/// article after the kind (« ca cotentin » for « CA du Cotentin »), « agglo de … ».
// Called by build.rs, and by the test that checks what it wrote.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn epci_spellings(name: &str, kind: EpciKind) -> Vec<String> {
    let folded = fold(name);
    let (short, long): (&str, &[&str]) = match kind {
        EpciKind::CommunauteCommunes => ("cc", &["communaute de communes", "com com", "comcom"]),
        EpciKind::CommunauteAgglomeration => (
            "ca",
            &["communaute d agglomeration", "agglomeration", "agglo"],
        ),
        EpciKind::CommunauteUrbaine => ("cu", &["communaute urbaine"]),
        EpciKind::Metropole => ("metropole", &[]),
    };
    let mut out = vec![folded.clone()];
    let rest = folded
        .strip_prefix(&format!("{short} "))
        .map(str::to_string);
    if let Some(rest) = rest {
        let bare = ["du ", "de la ", "des ", "de l ", "de ", "d "]
            .iter()
            .find_map(|a| rest.strip_prefix(a))
            .unwrap_or(&rest)
            .to_string();
        for prefix in std::iter::once(short).chain(long.iter().copied()) {
            out.push(format!("{prefix} {rest}"));
            out.push(format!("{prefix} {bare}"));
            out.push(format!("{prefix} de {bare}"));
        }
    }
    out.retain(|s| s.split(' ').count() >= 2);
    out.sort();
    out.dedup();
    out
}
