use kopdes_domain::account::{Me, Role};
use kopdes_domain::api::ErrorBody;
use kopdes_domain::officer::{Appointed, Officer, Position};
use serde_json::{Value, json};

use crate::cooperatives::registered;
use crate::helpers::{Backend, TestApp, session_cookie};
use crate::on_both_backends;

on_both_backends!(
    the_chair_appoints_a_treasurer_who_gains_pengurus_rights,
    appointments_follow_the_rules_of_office,
    an_ended_term_takes_the_rights_away,
);

fn appointment(phone: &str, organ: &str, position: &str, term_end: &str) -> Value {
    let today = kopdes_server::clock::today();
    json!({
        "name": "Asep Saepudin",
        "phone": phone,
        "organ": organ,
        "position": position,
        "term_start": today.to_string(),
        "term_end": term_end.replace("+5y", &today.add_years(5).to_string()),
    })
}

async fn codes(response: reqwest::Response) -> Vec<String> {
    assert_eq!(response.status(), 422);
    let body: ErrorBody = response.json().await.expect("body");
    body.fields
        .into_iter()
        .map(|f| format!("{}:{}", f.field, f.code))
        .collect()
}

async fn the_chair_appoints_a_treasurer_who_gains_pengurus_rights(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, ketua, cooperative) = registered(&app).await;
    let path = format!("/api/cooperatives/{}/officers", cooperative.id);

    let response = app
        .post_json(
            &path,
            Some(&ketua),
            appointment("0812 5555 6666", "pengurus", "bendahara", "+5y"),
        )
        .await;
    assert_eq!(response.status(), 201);
    let appointed: Appointed = response.json().await.expect("appointed");
    assert_eq!(appointed.officer.position, Position::Bendahara);
    let session = session_cookie(
        &app.post_json("/api/activation", None, json!({"phone": "0812 5555 6666", "code": appointed.activation_code, "password": "bendahara-rapi-1"}))
            .await,
    );
    let me: Me = app
        .get_as(&session, "/api/me")
        .await
        .json()
        .await
        .expect("me");
    assert!(me.roles.iter().any(|g| g.role == Role::Pengurus
        && g.cooperative_id.as_deref() == Some(cooperative.id.as_str())));

    let officers: Vec<Officer> = app
        .get_as(&ketua, &path)
        .await
        .json()
        .await
        .expect("officers");
    let positions: Vec<Position> = officers.iter().map(|o| o.position).collect();
    assert_eq!(positions, [Position::Ketua, Position::Bendahara]);
}

async fn appointments_follow_the_rules_of_office(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, ketua, cooperative) = registered(&app).await;
    let path = format!("/api/cooperatives/{}/officers", cooperative.id);

    let second_chair = app
        .post_json(
            &path,
            Some(&ketua),
            appointment("0812 5555 6666", "pengurus", "ketua", "+5y"),
        )
        .await;
    assert_eq!(codes(second_chair).await, ["position:officer.ketua_taken"]);
    let too_long = app
        .post_json(
            &path,
            Some(&ketua),
            appointment("0812 5555 6666", "pengurus", "sekretaris", "2099-01-01"),
        )
        .await;
    assert_eq!(codes(too_long).await, ["term_end:term.too_long"]);
    let supervising_treasurer = app
        .post_json(
            &path,
            Some(&ketua),
            appointment("0812 5555 6666", "pengawas", "bendahara", "+5y"),
        )
        .await;
    assert_eq!(
        codes(supervising_treasurer).await,
        ["position:officer.position_not_in_organ"]
    );

    let officers: Vec<Officer> = app
        .get_as(&ketua, &path)
        .await
        .json()
        .await
        .expect("officers");
    assert_eq!(officers.len(), 1, "nothing was saved");
    let pengawas = app
        .post_json(
            &path,
            Some(&ketua),
            appointment("0812 5555 6666", "pengawas", "ketua", "+5y"),
        )
        .await;
    assert_eq!(
        pengawas.status(),
        201,
        "the supervisors have their own chair"
    );
}

async fn an_ended_term_takes_the_rights_away(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (dinas, ketua, cooperative) = registered(&app).await;
    let path = format!("/api/cooperatives/{}/officers", cooperative.id);
    let appointed: Appointed = app
        .post_json(
            &path,
            Some(&ketua),
            appointment("0812 5555 6666", "pengurus", "sekretaris", "+5y"),
        )
        .await
        .json()
        .await
        .expect("appointed");
    let secretary = session_cookie(
        &app.post_json("/api/activation", None, json!({"phone": "0812 5555 6666", "code": appointed.activation_code, "password": "sekretaris-teliti"}))
            .await,
    );
    let end = format!("/api/officers/{}/end", appointed.officer.id);

    let future = app
        .post_json(&end, Some(&dinas), json!({"ended_on": "2099-01-01"}))
        .await;
    assert_eq!(codes(future).await, ["ended_on:term.end_out_of_range"]);
    let today = kopdes_server::clock::today().to_string();
    let ended: Officer = app
        .post_json(&end, Some(&dinas), json!({"ended_on": today}))
        .await
        .json()
        .await
        .expect("ended");
    assert_eq!(ended.ended_on.map(|d| d.to_string()), Some(today.clone()));
    assert_eq!(
        app.post_json(&end, Some(&ketua), json!({"ended_on": today}))
            .await
            .status(),
        409
    );

    let me: Me = app
        .get_as(&secretary, "/api/me")
        .await
        .json()
        .await
        .expect("me");
    assert!(me.roles.is_empty(), "{:?}", me.roles);
    assert_eq!(
        app.get_as(&secretary, &format!("/api/cooperatives/{}", cooperative.id))
            .await
            .status(),
        404
    );
}
