use super::*;

fn demo() -> Edition {
    Edition::from_json(include_str!("../../../../data/2013.json")).unwrap()
}

fn request() -> NewContactRequest {
    NewContactRequest {
        cle: "cle-1".into(),
        edition: "2013".into(),
        stand: "resto-troc".into(),
        appareil: "appareil-1".into(),
        prenom: " Zoé ".into(),
        contact: " zoe@exemple.fr ".into(),
        disponibilites: vec![Moment::Weekends, Moment::Evenings, Moment::Weekends],
        missions: Vec::new(),
        message: "  Je suis libre le samedi.  ".into(),
        consentement: true,
    }
}

fn fields(errors: Vec<FieldError>) -> Vec<&'static str> {
    errors.into_iter().map(|e| e.field).collect()
}

#[test]
fn a_complete_request_is_written_one_way() {
    let checked = request().check(&demo()).unwrap();
    assert_eq!(checked.stand.as_str(), "resto-troc");
    assert_eq!(checked.prenom, "Zoé");
    assert_eq!(checked.contact, Reach::Email("zoe@exemple.fr".into()));
    assert_eq!(checked.disponibilites, [Moment::Evenings, Moment::Weekends]);
    assert_eq!(checked.message, "Je suis libre le samedi.");
}

#[test]
fn nothing_is_accepted_without_consent_and_the_sentence_names_the_association() {
    let mut r = request();
    r.consentement = false;
    let errors = r.check(&demo()).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].field, "consentement");
    assert!(errors[0].message.contains("Resto Troc"), "{}", errors[0].message);
}

#[test]
fn every_wrong_field_is_named_in_the_form_order() {
    let r = NewContactRequest {
        prenom: "  ".into(),
        contact: "zoe@".into(),
        disponibilites: Vec::new(),
        missions: vec!["Piloter un avion".into()],
        message: "é".repeat(MESSAGE_MAX + 1),
        consentement: false,
        ..request()
    };
    assert_eq!(
        fields(r.check(&demo()).unwrap_err()),
        [
            "prenom",
            "contact",
            "disponibilites",
            "missions",
            "message",
            "consentement"
        ]
    );
}

#[test]
fn a_stand_that_takes_no_requests_is_refused() {
    let mut e = demo();
    let r = NewContactRequest {
        stand: "inconnu".into(),
        ..request()
    };
    assert_eq!(fields(r.check(&e).unwrap_err()), ["stand"]);
    let troc = e.stands.iter_mut().find(|s| s.id.as_str() == "resto-troc").unwrap();
    troc.volunteering.as_mut().unwrap().accepts_contact = false;
    assert_eq!(fields(request().check(&e).unwrap_err()), ["stand"]);
}

#[test]
fn the_missions_chosen_are_the_stands_own() {
    let e = demo();
    let (_, volunteering) = e.contactable(&StandId::parse("resto-troc").unwrap()).unwrap();
    let title = volunteering.missions[0].title.clone();
    let r = NewContactRequest {
        missions: vec![title.clone(), volunteering.missions[1].title.clone(), title.clone()],
        ..request()
    };
    assert_eq!(
        r.check(&e).unwrap().missions,
        [title, volunteering.missions[1].title.clone()]
    );
}

#[test]
fn emails_and_phones_are_checked_for_shape() {
    for (raw, written) in [
        ("zoe.martin@exemple.fr", "zoe.martin@exemple.fr"),
        ("06 12 34 56 78", "0612345678"),
        ("06.12.34.56.78", "0612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("(+32) 2 123 45 67", "+3221234567"),
    ] {
        assert_eq!(Reach::parse(raw).unwrap().as_str(), written, "{raw}");
    }
    for wrong in [
        "",
        "zoe",
        "zoe@exemple",
        "@exemple.fr",
        "zoe@@exemple.fr",
        "zoe martin@exemple.fr",
        "zoe@exemple..fr",
        "=cmd@exemple.fr",
        "06 12 34",
        "16 12 34 56 78",
        "06+12345678",
        "<script>",
        "=1+1",
    ] {
        assert!(Reach::parse(wrong).is_err(), "{wrong}");
    }
    assert!(Reach::parse(&format!("{}@exemple.fr", "a".repeat(250))).is_err());
}

#[test]
fn control_characters_and_long_names_are_refused() {
    for (field, r) in [
        (
            "prenom",
            NewContactRequest {
                prenom: "é".repeat(NAME_MAX + 1),
                ..request()
            },
        ),
        (
            "prenom",
            NewContactRequest {
                prenom: "Zoé\u{7}".into(),
                ..request()
            },
        ),
        (
            "message",
            NewContactRequest {
                message: "bonjour\u{0}".into(),
                ..request()
            },
        ),
    ] {
        assert_eq!(fields(r.check(&demo()).unwrap_err()), [field]);
    }
    let two_lines = NewContactRequest {
        message: "Bonjour,\nà bientôt".into(),
        ..request()
    };
    assert!(two_lines.check(&demo()).is_ok());
}

#[test]
fn retention_is_six_months_unless_said_and_stays_within_two_years() {
    let mut e = demo();
    e.contact_requests = None;
    assert_eq!(e.contact_retention_months(), 6);
    e.contact_requests = Some(ContactRules { retention_months: 0 });
    assert_eq!(e.contact_retention_months(), 1);
    e.contact_requests = Some(ContactRules { retention_months: 99 });
    assert_eq!(e.contact_retention_months(), 24);
    assert!(consent_sentence("Resto Troc", 12).contains("Resto Troc"));
    assert!(consent_sentence("Resto Troc", 12).contains("au bout de 1 an"));
    assert!(consent_sentence("Resto Troc", 6).contains("au bout de 6 mois"));
}

#[test]
fn a_stand_without_volunteering_reads_and_writes_as_before() {
    let e = demo();
    let fnars = e.stand(&StandId::parse("ccas-accueil").unwrap()).unwrap();
    let json = serde_json::to_value(fnars).unwrap();
    assert!(json.get("volunteering").is_none());
    let written: serde_json::Value = serde_json::from_str(
        r#"{"missions": [{"title": "Trier"}], "commitment": "hours-per-month", "moments": ["weekends"]}"#,
    )
    .unwrap();
    let v: Volunteering = serde_json::from_value(written).unwrap();
    assert!(v.accepts_contact, "open to contact unless said");
    assert_eq!(v.missions[0].text, "");
    assert_eq!(v.commitment, Commitment::HoursPerMonth);
}

#[test]
fn missions_are_named_once_each_and_short() {
    let mut e = demo();
    assert!(e.validate().is_ok(), "{:?}", e.validate().errors);
    let troc = e.stands.iter().position(|s| s.id.as_str() == "resto-troc").unwrap();
    let v = e.stands[troc].volunteering.as_mut().unwrap();
    v.missions.push(v.missions[0].clone());
    v.missions.push(Mission {
        title: " ".into(),
        text: "x".repeat(MISSION_TEXT_MAX + 1),
    });
    v.neighbourhoods.push(String::new());
    let at = format!("/stands/{troc}/volunteering");
    let paths: Vec<String> = e.validate().errors.into_iter().map(|i| i.path).collect();
    assert_eq!(
        paths,
        [
            format!("{at}/missions/2/title"),
            format!("{at}/missions/3/title"),
            format!("{at}/missions/3/text"),
            format!("{at}/neighbourhoods/1"),
        ]
    );
}

#[test]
fn moments_read_as_one_phrase() {
    assert_eq!(moments_words(&[]), "À tout moment de la semaine");
    assert_eq!(
        moments_words(&[Moment::Weekends, Moment::Evenings]),
        "Le week-end, en soirée"
    );
}

#[test]
fn missions_are_read_from_the_lines_an_organizer_types() {
    let typed = "Trier les dons : trier et ranger les denrées\n\n  Tenir l'accueil  \n\
                 Animer un atelier\u{a0}: une fois par mois\nAccueil de 10:30\nÉcouter: sans juger";
    let read = Mission::from_lines(typed);
    let pairs: Vec<(&str, &str)> = read.iter().map(|m| (m.title.as_str(), m.text.as_str())).collect();
    assert_eq!(
        pairs,
        [
            ("Trier les dons", "trier et ranger les denrées"),
            ("Tenir l'accueil", ""),
            ("Animer un atelier", "une fois par mois"),
            ("Accueil de 10:30", ""),
            ("Écouter", "sans juger"),
        ]
    );
    // What the form shows reads back as the same missions.
    let shown: Vec<String> = read.iter().map(Mission::line).collect();
    assert_eq!(Mission::from_lines(&shown.join("\n")), read);
    // A line that only starts with a colon keeps it in its title.
    assert_eq!(Mission::from_lines(": rien")[0].title, ": rien");
}
