//! `ess obligations`: the legal obligations and the levers of a collectivity's profile at a date.

use std::io::Write;
use std::process::ExitCode;

use ess_corpus::RuleKind;
use ess_engine::rules::{missing_phrase, Evaluation, LeverStatus, Rulebook};
use ess_engine::{Corpus, Profile};

/// Options of `ess obligations`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Répond en JSON : {"date", "profile", "obligations", "levers"}.
    #[arg(long)]
    json: bool,
    /// Type de collectivité : commune, communaute-communes (ou communaute_communes),
    /// communaute-agglomeration, communaute-urbaine, metropole, epci, departement, region,
    /// pays-petr, syndicat-mixte, pnr.
    #[arg(long = "type", value_name = "TYPE")]
    kind: Option<String>,
    /// Nombre d'habitants.
    #[arg(long, value_name = "N")]
    population: Option<u64>,
    /// Nombre d'agents (équivalents temps plein).
    #[arg(long, value_name = "N")]
    agents: Option<u64>,
    /// Montant annuel des achats, en euros HT.
    #[arg(long, value_name = "EUROS")]
    achats: Option<f64>,
    /// Territoire : rural, urbain, periurbain, qpv, centre-ville, littoral, montagne.
    #[arg(long, value_name = "TERRITOIRE")]
    territoire: Option<String>,
    /// Code du département ("50", "2A").
    #[arg(long, value_name = "CODE")]
    departement: Option<String>,
    /// Région.
    #[arg(long, value_name = "RÉGION")]
    region: Option<String>,
    /// Compétence exercée en plus de celles du type (répétable) ; « sans:ID » en retire une.
    #[arg(long = "competence", value_name = "ID")]
    competences: Vec<String>,
    /// Date à laquelle le droit est évalué (AAAA-MM-JJ ; par défaut aujourd'hui).
    #[arg(long, value_name = "AAAA-MM-JJ")]
    date: Option<String>,
}

/// `communaute_agglomeration`, « Communauté d'agglomération » → `communaute-agglomeration`.
fn slug(s: &str) -> String {
    let folded: String = s
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            '_' | ' ' | '\'' | '’' => '-',
            c => c,
        })
        .collect();
    folded
        .split('-')
        .filter(|p| !p.is_empty() && *p != "d" && *p != "de")
        .collect::<Vec<_>>()
        .join("-")
}

/// Finds the id of a vocabulary entry from its id, label or a synonym, however spelled.
fn resolve<'a>(
    value: &str,
    entries: impl Iterator<Item = (&'a str, &'a str, &'a [String])> + Clone,
    what: &str,
) -> Result<String, String> {
    let wanted = slug(value);
    for (id, label, synonyms) in entries.clone() {
        if slug(id) == wanted || slug(label) == wanted || synonyms.iter().any(|s| slug(s) == wanted)
        {
            return Ok(id.to_string());
        }
    }
    let ids: Vec<&str> = entries.map(|(id, _, _)| id).collect();
    Err(format!(
        "{what} « {value} » inconnu ; valeurs permises : {}",
        ids.join(", ")
    ))
}

fn profile(corpus: &Corpus, args: &Args) -> Result<Profile, String> {
    let kind = args
        .kind
        .as_deref()
        .map(|k| {
            resolve(
                k,
                corpus
                    .collectivities
                    .iter()
                    .map(|v| (v.id.as_str(), v.label.as_str(), v.synonyms.as_slice())),
                "type de collectivité",
            )
        })
        .transpose()?;
    let territoire = args
        .territoire
        .as_deref()
        .map(|t| {
            resolve(
                t,
                corpus
                    .territories
                    .iter()
                    .map(|v| (v.id.as_str(), v.label.as_str(), v.synonyms.as_slice())),
                "territoire",
            )
        })
        .transpose()?;
    let mut competences = Vec::new();
    for c in &args.competences {
        let (prefix, id) = match c.trim().strip_prefix("sans:") {
            Some(rest) => ("sans:", rest),
            None => ("", c.as_str()),
        };
        let id = resolve(
            id,
            corpus
                .competences
                .iter()
                .map(|v| (v.id.as_str(), v.label.as_str(), v.synonyms.as_slice())),
            "compétence",
        )?;
        competences.push(format!("{prefix}{id}"));
    }
    if let Some(a) = args.achats {
        if !a.is_finite() || a < 0.0 {
            return Err(format!(
                "montant d'achats « {a} » invalide : un nombre d'euros positif est attendu"
            ));
        }
    }
    Ok(Profile {
        kind,
        population: args.population,
        agents: args.agents,
        achats_annuels_ht: args.achats,
        territoire,
        departement: args.departement.clone(),
        region: args.region.clone(),
        competences,
    })
}

/// Runs `ess obligations`.
pub fn run(corpus: &Corpus, args: Args) -> Result<ExitCode, String> {
    let date = args.date.clone().unwrap_or_else(ess_engine::today);
    let date: ess_corpus::Date = date.parse().map_err(|why: ess_corpus::DateError| {
        format!("date « {date} » invalide : {}", why.reason())
    })?;
    let rules = Rulebook::build(corpus);
    let profile = profile(corpus, &args)?;
    let evaluation = rules.evaluate(corpus, &profile, date);
    let text = if args.json {
        serde_json::to_string(&evaluation).map_err(|e| e.to_string())?
    } else {
        human(corpus, &evaluation)
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}").map_err(|e| format!("écriture impossible : {e}"))?;
    Ok(ExitCode::SUCCESS)
}

fn describe_profile(corpus: &Corpus, e: &Evaluation) -> String {
    let p = &e.profile;
    let mut parts = Vec::new();
    match p.kind.as_deref() {
        Some(k) => parts.push(
            corpus
                .collectivity(k)
                .map_or_else(|| k.to_string(), |c| c.label.clone()),
        ),
        None => parts.push("type de collectivité non précisé".into()),
    }
    if let Some(n) = p.population {
        parts.push(format!(
            "{} habitants",
            ess_engine::french::number(n as f64)
        ));
    }
    if let Some(n) = p.agents {
        parts.push(format!("{} agents", ess_engine::french::number(n as f64)));
    }
    if let Some(a) = p.achats_annuels_ht {
        parts.push(format!(
            "achats annuels {} € HT",
            ess_engine::french::number(a)
        ));
    }
    if let Some(t) = &p.territoire {
        let label = corpus
            .territories
            .iter()
            .find(|v| &v.id == t)
            .map_or(t.as_str(), |v| v.label.as_str());
        parts.push(label.to_string());
    }
    if let Some(d) = &p.departement {
        parts.push(format!("département {d}"));
    }
    if let Some(r) = &p.region {
        parts.push(format!("région {r}"));
    }
    parts.join(", ")
}

/// The evaluation for a person, in French.
fn human(corpus: &Corpus, e: &Evaluation) -> String {
    let mut out = format!(
        "Obligations et leviers au {} — {}\n",
        ess_engine::french::date(e.date),
        describe_profile(corpus, e)
    );
    match &e.competences {
        Some(list) if !list.is_empty() => {
            let labels: Vec<String> = list
                .iter()
                .map(|c| corpus.competence(c).map_or(c.clone(), |x| x.label.clone()))
                .collect();
            out.push_str(&format!("Compétences retenues : {}.\n", labels.join(" ; ")));
        }
        Some(_) => out.push_str("Compétences retenues : aucune par défaut.\n"),
        None => out.push_str(
            "Compétences : inconnues (précisez le type de collectivité ou --competence).\n",
        ),
    }
    let sections = [
        (RuleKind::Obligation, "Obligations"),
        (RuleKind::Competence, "Répartition des compétences"),
        (RuleKind::Eligibilite, "Dispositifs réservés"),
        (RuleKind::Vigilance, "Seuils et points de vigilance"),
    ];
    for (kind, heading) in sections {
        let verdicts: Vec<_> = e.obligations.iter().filter(|v| v.kind == kind).collect();
        if verdicts.is_empty() {
            continue;
        }
        out.push_str(&format!("\n{heading}\n"));
        for v in verdicts {
            out.push_str(&format!(
                "\n• {} — {}\n  {}\n",
                v.title,
                v.status_phrase(),
                v.reason
            ));
            if !v.references.is_empty() {
                out.push_str(&format!("  Références : {}.\n", v.references.join(" ; ")));
            }
        }
    }
    let (reachable, out_of_reach): (Vec<_>, Vec<_>) = e
        .levers
        .iter()
        .partition(|l| l.status != LeverStatus::NonApplicable);
    if !reachable.is_empty() {
        out.push_str("\nLeviers, du plus accessible au moins accessible\n");
        for l in reachable {
            let status = match l.status {
                LeverStatus::Depend => format!("dépend {}", missing_phrase(&l.missing)),
                other => other.french().to_string(),
            };
            out.push_str(&format!("\n• {} — {}\n  {}\n", l.title, status, l.reason));
            let titles: Vec<String> = l
                .levers
                .iter()
                .map(|r| format!("« {} » ({})", r.title, r.source))
                .collect();
            if !titles.is_empty() {
                out.push_str(&format!("  Fiches leviers : {}.\n", titles.join(" ; ")));
            }
        }
    }
    if !out_of_reach.is_empty() {
        out.push_str("\nHors de portée pour ce profil\n");
        for l in out_of_reach {
            out.push_str(&format!("• {} — {}\n", l.title, l.reason));
        }
    }
    out.trim_end().to_string()
}
