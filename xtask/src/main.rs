//! `cargo xtask serve | test | bench | soak`: the two commands of the README (and the benchmark),
//! installing on a fresh machine whatever they need.

mod bench;
mod budget;
#[cfg(test)]
mod french_spacing;
mod minify;
mod precompress;
mod schema;
mod serve;
mod soak;
mod sw;
mod test;
mod toolchain;
mod util;

use std::process::ExitCode;

use clap::{ArgAction, Args, CommandFactory, Parser, Subcommand};

/// clap's help in French: our headings, and the texts wrapped by hand (verbatim doc comments).
const HELP: &str = "\
{about-with-newline}
Utilisation : {usage}

Commandes :
{subcommands}

Options :
{options}

Les options d'une commande : cargo xtask <commande> --help.
";
/// The same for a command without subcommands.
const COMMAND_HELP: &str = "\
{about-with-newline}
Utilisation : {usage}

Options :
{options}{after-help}";

#[derive(Debug, Parser)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    about = "Les commandes du projet : installer, construire, lancer, vérifier, mesurer.",
    help_template = HELP,
    subcommand_value_name = "COMMANDE",
    disable_help_subcommand = true,
    disable_help_flag = true
)]
struct Cli {
    #[command(subcommand)]
    task: Option<Task>,
    #[command(flatten)]
    help: Help,
}

/// `-h, --help` in French (clap's own flag cannot be reworded).
#[derive(Debug, Args)]
struct Help {
    /// Affiche cette aide.
    #[arg(short, long, action = ArgAction::Help)]
    help: Option<bool>,
}

#[derive(Debug, Subcommand)]
enum Task {
    /// Installe ce qui manque, construit l'application et lance le serveur
    /// avec l'édition de démonstration (http://127.0.0.1:8080 par défaut).
    /// Options : --addr ADRESSE (ou AGIR_ADDR), --db FICHIER (ou AGIR_DB),
    /// et toute autre option de `agir-server serve` (voir --help du serveur).
    // No help flag of its own: everything after `serve`, `--help` included, goes to
    // `agir-server serve`.
    #[command(verbatim_doc_comment, disable_help_flag = true, help_template = COMMAND_HELP)]
    Serve {
        /// Les options de `agir-server serve`.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true, value_name = "OPTIONS")]
        args: Vec<String>,
    },
    /// Toutes les vérifications, dans l'ordre : format, clippy, tests natifs,
    /// endurance courte (3 arrêts brutaux), construction wasm, budget de taille,
    /// tests wasm-bindgen, tests de bout en bout dans Chromium. Termine par « N passed, N failed ».
    #[command(
        verbatim_doc_comment,
        disable_help_flag = true,
        help_template = COMMAND_HELP,
        args_override_self = true
    )]
    Test {
        #[command(flatten)]
        options: test::Options,
        #[command(flatten)]
        help: Help,
    },
    /// (lancée par trunk après chaque construction) écrit la liste des fichiers
    /// et la version dans le service worker, puis à côté de chaque fichier ses
    /// formes compressées (brotli, gzip) que le serveur envoie telles quelles.
    #[command(verbatim_doc_comment, disable_help_flag = true, help_template = COMMAND_HELP)]
    PostBuild {
        #[command(flatten)]
        help: Help,
    },
    /// Mesures en release, avec la machine notée : taille du premier chargement,
    /// Lighthouse mobile, visite hors ligne, programme du 36C3 dans le navigateur,
    /// serveur sous charge (wrk) à côté de nginx, démarrage du serveur, questions
    /// en direct, endurance (20 arrêts brutaux sous écritures). Tableau à l'écran,
    /// rapport dans target/bench/report.json (et report.md), tableaux dans
    /// docs/benchmarks.md (seulement les mesures faites). Environ 11 minutes.
    #[command(
        verbatim_doc_comment,
        disable_help_flag = true,
        help_template = COMMAND_HELP,
        args_override_self = true
    )]
    Bench {
        #[command(flatten)]
        options: bench::Options,
        #[command(flatten)]
        help: Help,
    },
    /// Endurance : le serveur release sur une vraie base SQLite, des téléphones et un
    /// organisateur qui écrivent sans arrêt, le serveur tué (SIGKILL) au hasard 20 fois
    /// et relancé sur la même base ; puis la base est relue : chaque écriture acquittée
    /// doit y être exactement une fois. Termine par « lost 0, duplicates 0 ».
    #[command(
        verbatim_doc_comment,
        disable_help_flag = true,
        help_template = COMMAND_HELP,
        args_override_self = true
    )]
    Soak {
        #[command(flatten)]
        options: soak::Options,
        #[command(flatten)]
        help: Help,
    },
    /// `cargo xtask help` prints the help, as `--help` does.
    #[command(hide = true)]
    Help,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // `--help` is an "error" clap prints on stdout; a real one goes to stderr.
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let result = match cli.task {
        Some(Task::Serve { args }) => serve::run(&args),
        Some(Task::Test { options, .. }) => test::run(options),
        Some(Task::Bench { options, .. }) => bench::run(options),
        Some(Task::PostBuild { .. }) => serve::post_build(),
        Some(Task::Soak { options, .. }) => soak::run(options),
        Some(Task::Help) | None => {
            let _ = Cli::command().print_help();
            return ExitCode::SUCCESS;
        }
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("\nxtask : {message}");
            ExitCode::FAILURE
        }
    }
}

/// `--only a,b`: one name of `known`, else the French refusal that lists them; `kind` and
/// `kinds` name them ("étape", "étapes").
pub fn one_of(value: &str, known: &[&str], kind: &str, kinds: &str) -> Result<String, String> {
    let name = value.trim();
    if known.contains(&name) {
        Ok(name.to_owned())
    } else {
        Err(format!("{kind} inconnue « {name} » ({kinds} : {})", known.join(",")))
    }
}

/// A count given on the command line: a whole number above zero.
pub fn positive<T: std::str::FromStr + PartialOrd + From<u8>>(value: &str) -> Result<T, String> {
    value
        .parse::<T>()
        .ok()
        .filter(|n| *n > T::from(0))
        .ok_or_else(|| format!("un nombre entier positif est attendu, pas « {value} »"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("cargo xtask").chain(args.iter().copied()))
    }

    #[test]
    fn the_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn serve_passes_every_argument_through() {
        let cli = parse(&["serve", "--addr", "127.0.0.1:9000", "--db", "x.db", "--help"]).unwrap();
        let Some(Task::Serve { args }) = cli.task else {
            panic!("{cli:?}")
        };
        assert_eq!(args, ["--addr", "127.0.0.1:9000", "--db", "x.db", "--help"]);
        let cli = parse(&["serve"]).unwrap();
        assert!(matches!(cli.task, Some(Task::Serve { args }) if args.is_empty()));
    }

    #[test]
    fn test_takes_its_steps_and_a_pattern() {
        let cli = parse(&["test", "--only", "e2e", "--grep", "motif"]).unwrap();
        let Some(Task::Test { options, .. }) = cli.task else {
            panic!("{cli:?}")
        };
        assert_eq!(options.steps(), ["e2e"]);
        assert_eq!(options.grep.as_deref(), Some("motif"));
        let Some(Task::Test { options: all, .. }) = parse(&["test"]).unwrap().task else {
            panic!()
        };
        assert_eq!(all.steps().len(), 9, "every step by default");
    }

    #[test]
    fn an_unknown_step_is_refused_with_the_known_ones() {
        let err = parse(&["test", "--only", "fmt,tout"]).unwrap_err().to_string();
        assert!(
            err.contains("étape inconnue « tout » (étapes : fmt,clippy,native,soak,schema,wasm,budget,wasm-test,e2e)"),
            "{err}"
        );
        assert!(parse(&["deploy"]).is_err());
        assert!(parse(&["test", "--vite"]).is_err());
    }

    #[test]
    fn soak_takes_a_seed_and_a_number_of_kills() {
        let Some(Task::Soak { options, .. }) = parse(&["soak", "--seed", "42", "--kills", "3"]).unwrap().task else {
            panic!()
        };
        assert_eq!((options.seed, options.kills, options.writers), (Some(42), 3, 6));
        let Some(Task::Soak { options, .. }) = parse(&["soak"]).unwrap().task else {
            panic!()
        };
        assert_eq!((options.seed, options.kills), (None, 20));
        assert!(parse(&["soak", "--kills", "0"]).is_err());
    }

    #[test]
    fn help_and_no_command_are_not_errors() {
        let help = parse(&["--help"]).unwrap_err();
        assert!(!help.use_stderr());
        let text = help.to_string();
        for words in [
            "Utilisation : cargo xtask",
            "Commandes",
            "serve",
            "post-build",
            "soak",
            "Affiche cette aide",
        ] {
            assert!(text.contains(words), "{words} in {text}");
        }
        assert!(parse(&[]).unwrap().task.is_none());
        assert!(matches!(parse(&["help"]).unwrap().task, Some(Task::Help)));
    }
}
