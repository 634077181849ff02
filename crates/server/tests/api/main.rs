//! Black-box tests of `agir-server`: the real server on port 0 with a real SQLite file in a
//! temporary folder and a fake `dist/`, driven over HTTP with reqwest; the command line is
//! run as the built binary. One test binary of modules, one per area, so everything links
//! once; what they share is in `helpers`.

mod accounts;
mod admin_auth;
mod admin_writes;
mod app_files;
mod backup;
mod bilan;
mod cli;
mod cli_organizer;
mod cli_serve;
mod contract;
mod current_edition;
mod durability;
mod editions;
mod engagement;
mod engagement_association;
mod engagement_helpers;
mod exports;
mod feedback;
mod first_html;
mod health;
mod helpers;
mod hostile;
mod hostile_links;
mod import_preview;
mod interet;
mod qr_cli;
mod questions;
mod questions_helpers;
mod questions_moderation;
mod questions_stream;
mod read_path;
mod reponses;
mod shutdown;
