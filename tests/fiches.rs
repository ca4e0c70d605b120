//! One question per kit fiche: the answer must bring that fiche's own levers or examples.

use ess_engine::{Conversation, Engine};

const QUESTIONS: [(u32, &str); 24] = [
    (
        1,
        "Qu'est-ce que l'économie sociale et solidaire, quels statuts en font partie ?",
    ),
    (
        2,
        "Pourquoi mettre en place une politique de soutien à l'ESS dans ma commune ?",
    ),
    (3, "Quelles compétences du bloc communal croisent l'ESS ?"),
    (
        4,
        "Comment connaître et mobiliser les acteurs de l'ESS de mon territoire ?",
    ),
    (
        5,
        "Comment revitaliser notre centre-ville avec l'ESS, la vacance commerciale nous inquiète",
    ),
    (
        6,
        "Quels leviers ESS dans les quartiers prioritaires de la politique de la ville ?",
    ),
    (
        7,
        "Comment rendre notre commande publique plus responsable ?",
    ),
    (
        8,
        "Comment développer une alimentation durable et locale dans les cantines ?",
    ),
    (
        9,
        "Comment une commune peut-elle entrer au capital d'une SCIC ?",
    ),
    (
        10,
        "Quels leviers pour une mobilité durable accessible à tous ?",
    ),
    (
        11,
        "Subvention, convention ou marché : comment contractualiser avec une association ?",
    ),
    (12, "Quels leviers ESS pour la culture ?"),
    (
        13,
        "Comment faciliter l'accès au foncier et aux locaux des acteurs de l'ESS ?",
    ),
    (
        14,
        "Comment avancer sur la transition énergétique avec des coopératives citoyennes ?",
    ),
    (
        15,
        "Comment évaluer l'utilité sociale et l'impact de notre politique ESS ?",
    ),
    (16, "Quels leviers pour l'ESS en milieu rural ?"),
    (
        17,
        "Comment animer le territoire autour de l'ESS, par exemple avec le mois de l'ESS ?",
    ),
    (18, "Que peut faire l'ESS pour l'inclusion numérique ?"),
    (
        19,
        "Comment soutenir les associations de jeunesse et de sport avec l'ESS ?",
    ),
    (
        20,
        "Comment soutenir la finance solidaire et une monnaie locale complémentaire ?",
    ),
    (
        21,
        "Quels leviers ESS pour la petite enfance et les familles, les crèches ?",
    ),
    (
        22,
        "Comment réduire les déchets avec une ressourcerie et l'économie circulaire ?",
    ),
    (
        23,
        "Comment organiser la transversalité de la politique ESS entre les services ?",
    ),
    (
        24,
        "Quelles ressources et quels partenaires une collectivité peut-elle mobiliser pour l'ESS ?",
    ),
];

#[test]
fn each_fiche_is_found_from_a_question_on_its_subject() {
    let engine = Engine::builtin().expect("the built-in corpus is valid");
    let mut failures = Vec::new();
    for (fiche, question) in QUESTIONS {
        let answer = engine
            .ask(&mut Conversation::new(), question, "2026-11-22")
            .expect("an answer");
        let own = answer
            .items
            .iter()
            .filter(|i| {
                i.source.fiche == Some(fiche)
                    && matches!(i.kind.as_str(), "levier" | "exemple" | "fiche")
            })
            .count();
        if own == 0 {
            let got: Vec<String> = answer
                .items
                .iter()
                .map(|i| format!("{}({:?})", i.id, i.source.fiche))
                .collect();
            failures.push(format!("fiche {fiche} « {question} » → {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
