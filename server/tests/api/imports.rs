use kopdes_domain::import::ImportSummary;
use kopdes_domain::registry::RegistryPage;
use serde_json::json;

use crate::helpers::{Backend, TestApp, first_field_error, session_cookie};
use crate::on_both_backends;

on_both_backends!(
    a_file_is_checked_then_imported_and_importing_it_again_changes_nothing,
    place_names_match_exactly_and_near_misses_come_back_as_suggestions,
    rows_outside_the_region_and_existing_accounts_are_refused_unless_confirmed,
    members_join_the_cooperative_of_their_village_with_consent_stated,
    the_report_lists_every_row_beside_its_problems_in_words,
    a_file_the_import_cannot_take_says_why,
    the_command_line_imports_for_a_staff_account_with_report_and_hand_over_sheet,
);

const HEADINGS: &str = "kode_desa;provinsi;kabupaten_kota;kecamatan;desa_kelurahan;nama_koperasi;skema;nama_ketua;hp_ketua;nomor_badan_hukum;tanggal_badan_hukum;alamat;tanggal_berdiri;hp_koperasi";

/// A semicolon CSV, as Excel in Indonesian saves one.
fn csv(rows: &[&str]) -> Vec<u8> {
    let mut text = format!("{HEADINGS}\r\n");
    for row in rows {
        text.push_str(row);
        text.push_str("\r\n");
    }
    text.into_bytes()
}

/// Cangkuang Wetan by code, complete; Citeureup by its names; a row with a bad phone.
fn three_rows() -> Vec<u8> {
    csv(&[
        "32.04.12.2003;;;;;Koperasi Desa Merah Putih Cangkuang Wetan;baru;Hj. Euis Rohaeti;0812 1111 2222;AHU-0012345.AH.01.29.TAHUN 2025;18/08/2025;Jl. Raya No. 1;21/07/2025;0812 1111 2222",
        ";Jawa Barat;Kab. Bandung;Dayeuhkolot;Citeureup;Koperasi Desa Merah Putih Citeureup;pengembangan;Dadang Suherman;0812 5555 6666;;;;;",
        "32.04.12.2002;;;;;Koperasi Desa Merah Putih Dayeuhkolot;revitalisasi;Ujang;12;;;;;",
    ])
}

async fn import(app: &TestApp, session: &str, query: &str, file: Vec<u8>) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/registry/imports?{query}")))
        .header("cookie", session)
        .body(file)
        .send()
        .await
        .expect("request sent")
}

async fn summary(app: &TestApp, session: &str, query: &str, file: Vec<u8>) -> ImportSummary {
    let response = import(app, session, query, file).await;
    assert_eq!(response.status(), 200, "{query}");
    response.json().await.expect("a summary")
}

async fn registry_total(app: &TestApp, session: &str) -> i64 {
    let page: RegistryPage = app
        .get_as(session, "/api/registry")
        .await
        .json()
        .await
        .expect("registry");
    page.total
}

async fn a_file_is_checked_then_imported_and_importing_it_again_changes_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let dinas = app.staff("0811 3200 0001", Some("32")).await;

    // A check writes nothing and says what would happen to each row.
    let checked = summary(&app, &dinas, "kind=cooperatives", three_rows()).await;
    assert!(!checked.applied);
    assert_eq!(
        (
            checked.rows,
            checked.new,
            checked.unchanged,
            checked.invalid
        ),
        (3, 2, 0, 1)
    );
    assert_eq!(checked.problems[0].line, 4);
    assert_eq!(checked.problems[0].problems[0].field, "hp_ketua");
    assert!(checked.handover.is_empty());
    assert_eq!(registry_total(&app, &dinas).await, 0);

    let imported = summary(&app, &dinas, "kind=cooperatives&apply=true", three_rows()).await;
    assert!(imported.applied);
    assert_eq!((imported.new, imported.invalid), (2, 1));
    assert_eq!(registry_total(&app, &dinas).await, 2);
    // Each new chair gets a code, once, for the hand-over sheet; it opens their account.
    assert_eq!(imported.handover.len(), 2);
    let citeureup = imported
        .handover
        .iter()
        .find(|h| h.village_name == "Citeureup")
        .expect("Citeureup's chair");
    assert_eq!(citeureup.village.as_str(), "32.04.12.2006");
    let activated = app
        .post_json(
            "/api/activation",
            None,
            json!({"phone": "0812 5555 6666", "code": citeureup.activation_code, "password": "citeureup-maju-1"}),
        )
        .await;
    assert_eq!(activated.status(), 200);
    let chair = session_cookie(&activated);
    let own: Vec<serde_json::Value> = app
        .get_as(&chair, "/api/cooperatives")
        .await
        .json()
        .await
        .expect("own");
    assert_eq!(own[0]["name"], "Koperasi Desa Merah Putih Citeureup");
    assert_eq!(own[0]["scheme"], "mengembangkan");
    assert_eq!(own[0]["status"], "draft");
    // The complete row is ready to be submitted; its history starts with the import.
    let cangkuang: Vec<serde_json::Value> = app
        .get_as(&dinas, "/api/registry?q=cangkuang")
        .await
        .json::<serde_json::Value>()
        .await
        .expect("page")["items"]
        .as_array()
        .expect("items")
        .clone();
    let id = cangkuang[0]["id"].as_str().expect("id");
    let record: serde_json::Value = app
        .get_as(&dinas, &format!("/api/cooperatives/{id}"))
        .await
        .json()
        .await
        .expect("record");
    assert_eq!(record["legal_entity_date"], "2025-08-18");
    assert_eq!(record["established_on"], "2025-07-21");
    let history: Vec<serde_json::Value> = app
        .get_as(&dinas, &format!("/api/cooperatives/{id}/history"))
        .await
        .json()
        .await
        .expect("history");
    assert_eq!(history[0]["step"], "registered");
    assert_eq!(app.audit_count("cooperative.registered", id).await, 1);

    // The same file again: nothing new, no new codes, nothing changed.
    let again = summary(&app, &dinas, "kind=cooperatives&apply=true", three_rows()).await;
    assert_eq!((again.new, again.unchanged, again.invalid), (0, 2, 1));
    assert!(again.handover.is_empty());
    assert_eq!(registry_total(&app, &dinas).await, 2);
    assert_eq!(app.audit_count("cooperative.registered", id).await, 1);

    // The bad row fixed, the whole file once more: only it is added.
    let fixed = csv(&[
        "32.04.12.2003;;;;;Koperasi Desa Merah Putih Cangkuang Wetan;baru;Hj. Euis Rohaeti;0812 1111 2222;;;;;",
        ";Jawa Barat;Kab. Bandung;Dayeuhkolot;Citeureup;Koperasi Desa Merah Putih Citeureup;pengembangan;Dadang Suherman;0812 5555 6666;;;;;",
        "32.04.12.2002;;;;;Koperasi Desa Merah Putih Dayeuhkolot;revitalisasi;Ujang;0812 4444 5555;;;;;",
    ]);
    let last = summary(&app, &dinas, "kind=cooperatives&apply=true", fixed).await;
    assert_eq!((last.new, last.unchanged, last.invalid), (1, 2, 0));
    assert_eq!(registry_total(&app, &dinas).await, 3);
}

async fn place_names_match_exactly_and_near_misses_come_back_as_suggestions(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ministry = app.staff("0811 0000 0001", None).await;
    let file = csv(&[
        // "Bandung" alone is Kabupaten and Kota Bandung.
        ";Jawa Barat;Bandung;Dayeuhkolot;Citeureup;Koperasi A;baru;A;0812 0000 0001;;;;;",
        // A typo in the district is suggested, never taken.
        ";Jawa Barat;Kabupaten Bandung;Dayeuhkolt;Citeureup;Koperasi B;baru;B;0812 0000 0002;;;;;",
        ";Jawa Barat;Kota Bandung;Nowhere At All;X;Koperasi C;baru;C;0812 0000 0003;;;;;",
        "32.04.12.9999;;;;;Koperasi D;baru;D;0812 0000 0004;;;;;",
        // Two rows for one village: the second is refused.
        "32.04.12.2003;;;;;Koperasi E;baru;E;0812 0000 0005;;;;;",
        ";JAWA BARAT;kab. bandung;DAYEUHKOLOT;cangkuang wetan;Koperasi F;baru;F;0812 0000 0006;;;;;",
    ]);
    let checked = summary(&app, &ministry, "kind=cooperatives", file).await;
    assert_eq!((checked.new, checked.invalid), (1, 5));
    let problem = |line: u64| {
        let row = checked
            .problems
            .iter()
            .find(|p| p.line == line)
            .unwrap_or_else(|| panic!("line {line}"));
        (
            row.problems[0].field.clone(),
            row.problems[0].code.clone(),
            row.suggestions
                .iter()
                .map(|s| s.name.clone())
                .collect::<Vec<_>>(),
        )
    };
    assert_eq!(
        problem(2),
        (
            "kabupaten_kota".into(),
            "region.ambiguous".into(),
            vec!["Kabupaten Bandung".into(), "Kota Bandung".into()]
        )
    );
    assert_eq!(
        problem(3),
        (
            "kecamatan".into(),
            "region.not_found".into(),
            vec!["Dayeuhkolot".into()]
        )
    );
    assert_eq!(problem(4).1, "region.not_found");
    assert!(problem(4).2.is_empty());
    assert_eq!(
        problem(5),
        ("kode_desa".into(), "region.unknown".into(), vec![])
    );
    assert_eq!(
        problem(7),
        ("desa_kelurahan".into(), "village.repeated".into(), vec![])
    );
}

async fn rows_outside_the_region_and_existing_accounts_are_refused_unless_confirmed(
    backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    let bandung = app.staff("0811 3204 0001", Some("32.04")).await;
    // The chair's phone is a member's, with an account and a password of their own.
    let member = app.signed_in("0812 1111 2222", "anggota-lama-2026").await;
    let file = csv(&[
        "32.04.12.2003;;;;;Koperasi Desa Merah Putih Cangkuang Wetan;baru;Hj. Euis Rohaeti;0812 1111 2222;;;;;",
        "33.01.01.2001;;;;;Koperasi Desa Merah Putih Tambakreja;baru;Slamet;0813 3301 0001;;;;;",
    ]);
    let refused = summary(&app, &bandung, "kind=cooperatives&apply=true", file.clone()).await;
    assert_eq!((refused.new, refused.invalid), (0, 2));
    let codes: Vec<_> = refused
        .problems
        .iter()
        .map(|p| p.problems[0].code.as_str())
        .collect();
    assert_eq!(codes, ["phone.has_account", "region.outside_scope"]);

    // Confirmed: the account is appointed chair, no code is made, and its holder keeps it.
    let attached = summary(
        &app,
        &bandung,
        "kind=cooperatives&apply=true&attach_existing_accounts=true",
        file,
    )
    .await;
    assert_eq!((attached.new, attached.invalid), (1, 1));
    assert!(
        attached.handover.is_empty(),
        "no code for an existing account"
    );
    let me: kopdes_domain::account::Me = app
        .get_as(&member, "/api/me")
        .await
        .json()
        .await
        .expect("the member's session still works");
    assert!(
        me.roles
            .iter()
            .any(|g| g.role == kopdes_domain::account::Role::Pengurus)
    );
    // Nobody but admins imports.
    assert_eq!(
        import(&app, &member, "kind=cooperatives", three_rows())
            .await
            .status(),
        403
    );
}

async fn members_join_the_cooperative_of_their_village_with_consent_stated(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let dinas = app.staff("0811 3200 0001", Some("32")).await;
    summary(&app, &dinas, "kind=cooperatives&apply=true", three_rows()).await;
    let members = b"Kode Desa,NIK,Nama,HP,Tanggal Masuk,Alamat\n\
        32.04.12.2003,3204124506900003,Neng Sari,0813 2004 1201,15/01/2026,Kp. Cangkuang RT 02/05\n\
        32.04.12.2003,3204120101800002,Ujang Suparman,,2026-01-15,\n\
        32.04.12.2003,3204124506900003,Neng Sari,,15/01/2026,\n\
        32.04.12.2002,3204120101800003,Asep,,15/01/2026,\n\
        32.04.12.2003,9999990101800001,Salah Kecamatan,,15/01/2026,\n"
        .to_vec();

    let without = import(&app, &dinas, "kind=members&apply=true", members.clone()).await;
    assert_eq!(without.status(), 422);
    let body: serde_json::Value = without.json().await.expect("body");
    assert_eq!(
        first_field_error(&body),
        (
            "consent_collected".to_owned(),
            "consent.required".to_owned()
        )
    );

    let query = "kind=members&apply=true&consent_collected=true";
    let imported = summary(&app, &dinas, query, members.clone()).await;
    assert_eq!((imported.new, imported.invalid), (2, 3));
    let codes: Vec<_> = imported
        .problems
        .iter()
        .map(|p| (p.line, p.problems[0].code.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            (4, "nik.repeated"),
            (5, "cooperative.none_in_village"),
            (6, "nik.unknown_district")
        ]
    );
    let again = summary(&app, &dinas, query, members).await;
    assert_eq!((again.new, again.unchanged), (0, 2));

    // Stored sealed, never in the clear; each member's access log shows the registration.
    let stored: Vec<(String, String)> =
        sqlx::query_as("SELECT id, nik_sealed FROM members ORDER BY name")
            .fetch_all(&app.db.pool)
            .await
            .expect("members");
    assert_eq!(stored.len(), 2);
    assert!(stored.iter().all(|(_, sealed)| !sealed.contains("3204")));
    assert_eq!(app.audit_count("member.registered", &stored[0].0).await, 1);

    // A second cooperative's file naming the same person is refused: one active membership.
    let tambakreja = app.staff("0811 3300 0001", Some("33")).await;
    summary(
        &app,
        &tambakreja,
        "kind=cooperatives&apply=true",
        csv(&["33.01.01.2001;;;;;Koperasi Desa Merah Putih Tambakreja;baru;Slamet;0813 3301 0001;;;;;"]),
    )
    .await;
    let elsewhere = summary(
        &app,
        &tambakreja,
        query,
        b"kode_desa,nik,nama,tanggal_masuk\n33.01.01.2001,3204124506900003,Neng Sari,2026-02-01\n"
            .to_vec(),
    )
    .await;
    assert_eq!(
        elsewhere.problems[0].problems[0].code,
        "nik.member_elsewhere"
    );
}

async fn the_report_lists_every_row_beside_its_problems_in_words(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let dinas = app.staff("0811 3200 0001", Some("32")).await;
    for (format, lang) in [("xlsx", "id"), ("csv", "en")] {
        let response = import(
            &app,
            &dinas,
            &format!("kind=cooperatives&report={format}&lang={lang}"),
            three_rows(),
        )
        .await;
        assert_eq!(response.status(), 200);
        assert!(
            response.headers()["content-disposition"]
                .to_str()
                .expect("header")
                .contains(&format!("laporan-impor-cooperatives.{format}"))
        );
        let bytes = response.bytes().await.expect("report").to_vec();
        let (tx, mut rx) = tokio::sync::mpsc::channel(16);
        let read = tokio::task::spawn_blocking(move || {
            kopdes_server::import::table::read(std::io::Cursor::new(bytes), &tx)
        });
        let mut headings = Vec::new();
        let mut rows = Vec::new();
        while let Some(piece) = rx.recv().await {
            match piece {
                kopdes_server::import::table::Piece::Headings(h) => headings = h,
                kopdes_server::import::table::Piece::Rows(r) => rows.extend(r),
            }
        }
        read.await.expect("joined").expect("the report reads back");
        let columns = HEADINGS.split(';').count();
        assert_eq!(headings.len(), columns + 3, "{format}");
        assert_eq!(rows.len(), 3, "{format}: every row, not only the bad ones");
        // The phone keeps its leading zero; the problem is in words, under its column.
        assert_eq!(rows[0].cells[8], "0812 1111 2222", "{format}");
        let bad = &rows[2].cells;
        let (outcome, problems) = (&bad[columns], &bad[columns + 1]);
        match lang {
            "id" => {
                assert_eq!(outcome, "Perlu diperbaiki");
                assert!(
                    problems.starts_with("hp_ketua: Tulis nomor HP"),
                    "{problems}"
                );
            }
            _ => {
                assert_eq!(outcome, "Needs fixing");
                assert!(problems.starts_with("hp_ketua: "), "{problems}");
            }
        }
    }
    let refused = import(
        &app,
        &dinas,
        "kind=cooperatives&report=csv&apply=true",
        three_rows(),
    )
    .await;
    assert_eq!(refused.status(), 400);
    assert_eq!(registry_total(&app, &dinas).await, 0);
}

async fn a_file_the_import_cannot_take_says_why(backend: Backend) {
    // The deployed limit on request bodies, which a file of 5,001 rows fits under.
    let app = TestApp::spawn_with(backend, |config| config.max_body_bytes = 1024 * 1024).await;
    let dinas = app.staff("0811 3200 0001", Some("32")).await;
    let field = |body: serde_json::Value| first_field_error(&body);
    for (file, expected) in [
        (b"".to_vec(), ("file", "import.empty")),
        (b"PK\x03\x04broken".to_vec(), ("file", "import.unreadable")),
        (
            b"nama_koperasi,provinsi\nKoperasi,Jawa Barat\n".to_vec(),
            ("kode_desa", "import.column_missing"),
        ),
        (
            b"kode_desa,nama_koperasi,Nama Koperasi,skema,nama_ketua,hp_ketua\n".to_vec(),
            ("nama_koperasi", "import.column_repeated"),
        ),
    ] {
        let response = import(&app, &dinas, "kind=cooperatives", file).await;
        assert_eq!(response.status(), 422, "{expected:?}");
        let found = field(response.json().await.expect("body"));
        assert_eq!((found.0.as_str(), found.1.as_str()), expected);
    }
    // More rows than an upload may hold: the command line takes those.
    let mut many = String::from("kode_desa,nama_koperasi,skema,nama_ketua,hp_ketua\n");
    for _ in 0..=kopdes_domain::import::UPLOAD_MAX_ROWS {
        many.push_str("32.04.12.2003,K,baru,A,0812 0000 0001\n");
    }
    let response = import(
        &app,
        &dinas,
        "kind=cooperatives&apply=true",
        many.into_bytes(),
    )
    .await;
    assert_eq!(response.status(), 422);
    let found = field(response.json().await.expect("body"));
    assert_eq!(found.1, "import.too_many_rows");
    assert_eq!(registry_total(&app, &dinas).await, 0, "nothing written");
    for bad in [
        "kind=units",
        "kind=members&lang=fr",
        "kind=members&report=pdf",
    ] {
        assert_eq!(
            import(&app, &dinas, bad, three_rows()).await.status(),
            400,
            "{bad}"
        );
    }
}

async fn the_command_line_imports_for_a_staff_account_with_report_and_hand_over_sheet(
    backend: Backend,
) {
    use crate::operator::kopdes_server;
    let app = TestApp::spawn(backend).await;
    app.staff("0811 3200 0001", Some("32")).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("koperasi.csv");
    std::fs::write(&file, three_rows()).expect("file written");
    let path = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
    let file = file.to_string_lossy().into_owned();

    let checked = kopdes_server(
        &app,
        &[
            "import",
            "cooperatives",
            &file,
            "--as",
            "0811 3200 0001",
            "--report",
            &path("laporan.xlsx"),
        ],
    );
    assert!(checked.status.success(), "{checked:?}");
    let first = String::from_utf8_lossy(&checked.stdout).into_owned();
    assert!(
        first.starts_with("Checked cooperatives: 3 rows, 2 new, 0 unchanged, 1 to fix"),
        "{first}"
    );
    assert!(
        std::fs::metadata(path("laporan.xlsx"))
            .expect("report")
            .len()
            > 0
    );
    assert_eq!(
        registry_total(&app, &app.staff("0811 0000 0001", None).await).await,
        0
    );

    let applied = kopdes_server(
        &app,
        &[
            "import",
            "koperasi",
            &file,
            "--as",
            "0811 3200 0001",
            "--apply",
            "--handover",
            &path("kode.csv"),
        ],
    );
    assert!(applied.status.success(), "{applied:?}");
    assert!(
        String::from_utf8_lossy(&applied.stdout)
            .starts_with("Imported cooperatives: 3 rows, 2 new")
    );
    let sheet = std::fs::read_to_string(path("kode.csv")).expect("hand-over sheet");
    let lines: Vec<&str> = sheet.lines().collect();
    assert_eq!(lines.len(), 3, "a heading and two chairs: {sheet}");
    assert!(lines[0].starts_with("\u{feff}Koperasi,Kode desa"));
    assert!(
        lines
            .iter()
            .skip(1)
            .all(|l| l.rsplit(',').next().is_some_and(|c| c.len() == 8))
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path("kode.csv"))
            .expect("sheet")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "codes are for the operator's eyes");
    }

    // An existing sheet of codes is never written over; a non-staff account imports nothing.
    let again = kopdes_server(
        &app,
        &[
            "import",
            "cooperatives",
            &file,
            "--as",
            "0811 3200 0001",
            "--apply",
            "--handover",
            &path("kode.csv"),
        ],
    );
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("must not exist"));
    app.signed_in("0812 7777 8888", "warga-desa-2026").await;
    let nobody = kopdes_server(
        &app,
        &["import", "cooperatives", &file, "--as", "0812 7777 8888"],
    );
    assert!(!nobody.status.success());
    assert!(String::from_utf8_lossy(&nobody.stderr).contains("not a ministry or dinas admin"));
}
