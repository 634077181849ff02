//! Endurance: the full soak (`cargo xtask soak`, 20 kills) as a section of the report, its
//! figures by kind of write; a loss or a duplicate fails the section.

use super::{Section, Table, Work};
use crate::soak;

pub fn endurance(_: &Work, _: &super::Options) -> Result<Section, String> {
    let options = soak::Options {
        seed: None,
        kills: 20,
        writers: 6,
    };
    let report = soak::soak(&options)?;
    report.print();
    let mut t = Table::new(
        format!(
            "Endurance : {} arrêts brutaux (SIGKILL) sous écritures, {} téléphones et un organisateur",
            report.kills, options.writers
        ),
        &[
            "écritures",
            "acquittées",
            "trouvées une fois",
            "doublons",
            "perdues",
            "refusées",
        ],
    )
    .text_column(0);
    for (kind, f) in soak::KINDS
        .iter()
        .chain([&"total"])
        .zip(report.by_kind.iter().chain([&report.total]))
    {
        t.row(
            [f.acknowledged, f.found, f.duplicates, f.lost, f.refused]
                .iter()
                .map(ToString::to_string)
                .fold(vec![kind.to_string()], |mut row, n| {
                    row.push(n);
                    row
                }),
        );
    }
    t.note(format!(
        "Total : {}. Graine {} ; {} reprises (même clé, même contenu) ; arrêt final par SIGTERM en {:.1} s. \
         Le verdict est lu dans le fichier SQLite lui-même, serveur arrêté.",
        report.summary(),
        report.seed,
        report.retries,
        report.stop.as_secs_f64()
    ));
    if !report.passed() {
        return Err(report.summary());
    }
    Ok(Section {
        json: report.json(),
        tables: vec![t],
    })
}
