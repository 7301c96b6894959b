//! Training events: announced by admins to their region; people register and cancel through
//! the sync outbox; seats go in the order registrations arrive, a freed seat to the first who
//! waits; the organiser marks who came.

use kopdes_domain::event::{Attendee, Event, Standing};
use kopdes_domain::sync::Outcome;
use serde_json::{Value, json};

use crate::cooperatives::{in_central_java, registered};
use crate::helpers::{Backend, TestApp, first_field_error};
use crate::on_both_backends;
use crate::sync::push;

on_both_backends!(
    seats_go_in_order_of_arrival_and_a_cancellation_seats_the_first_who_waits,
    events_are_announced_inside_the_admins_region_with_field_errors,
);

fn in_a_month() -> String {
    kopdes_server::clock::today().add_days(30).to_string()
}

async fn announced(app: &TestApp, session: &str, capacity: u32) -> Event {
    let response = app
        .post_json(
            "/api/events",
            Some(session),
            json!({"title": {"id": "Pelatihan bendahara", "en": ""}, "date": in_a_month(), "time": "09:00",
                   "place": "Aula Dinas Koperasi Jawa Barat", "capacity": capacity, "region": "32"}),
        )
        .await;
    assert_eq!(response.status(), 201);
    response.json().await.expect("event")
}

fn registration(n: u32, event: &str, register: bool) -> Value {
    json!({
        "id": format!("0193a1b2-0000-7000-8000-{n:012}"),
        "record_id": format!("0193a1b2-0000-7000-9000-{n:012}"),
        "base_version": null,
        "kind": "event_registration",
        "data": {"event_id": event, "register": register}
    })
}

async fn seen_by(app: &TestApp, session: &str, id: &str) -> Event {
    app.get_as(session, &format!("/api/events/{id}"))
        .await
        .json()
        .await
        .expect("event")
}

async fn seats_go_in_order_of_arrival_and_a_cancellation_seats_the_first_who_waits(
    backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    let (dinas, ketua, _) = registered(&app).await;
    let (_, elsewhere, _) = in_central_java(&app).await;
    let ministry = app.staff("0811 0000 0001", None).await;
    let event = announced(&app, &dinas, 2).await;
    let id = event.id.as_str();

    for (n, session) in [(1, &ketua), (2, &dinas), (3, &ministry)] {
        let answer = push(&app, session, vec![registration(n, id, true)]).await;
        assert!(matches!(answer.results[0].outcome, Outcome::Applied { .. }));
    }
    // The same registration sent again (a lost answer) changes nothing.
    let again = push(&app, &ketua, vec![registration(1, id, true)]).await;
    assert!(matches!(
        again.results[0].outcome,
        Outcome::Duplicate { .. }
    ));
    let ministry_view = seen_by(&app, &ministry, id).await;
    assert_eq!((ministry_view.seats_taken, ministry_view.waiting), (2, 1));
    assert_eq!(ministry_view.mine, Some(Standing::Waitlisted));
    assert_eq!(ministry_view.my_position, Some(1));
    assert_eq!(
        seen_by(&app, &ketua, id).await.mine,
        Some(Standing::Registered)
    );

    // Not for Jawa Tengah: refused, and nothing is recorded.
    let refused = push(&app, &elsewhere, vec![registration(4, id, true)]).await;
    assert!(
        matches!(&refused.results[0].outcome, Outcome::Rejected { code, .. } if code == "not_found")
    );

    // The chair cancels: the first who waits gets the seat; registering again queues last.
    push(&app, &ketua, vec![registration(5, id, false)]).await;
    assert_eq!(
        seen_by(&app, &ministry, id).await.mine,
        Some(Standing::Registered)
    );
    assert_eq!(
        seen_by(&app, &ketua, id).await.mine,
        Some(Standing::Cancelled)
    );
    push(&app, &ketua, vec![registration(6, id, true)]).await;
    let chair_view = seen_by(&app, &ketua, id).await;
    assert_eq!(chair_view.mine, Some(Standing::Waitlisted));
    assert_eq!((chair_view.seats_taken, chair_view.waiting), (2, 1));

    // The organiser sees the queue and marks who came; others may not.
    let list: Vec<Attendee> = app
        .get_as(&dinas, &format!("/api/events/{id}/registrations"))
        .await
        .json()
        .await
        .expect("registrations");
    let standings: Vec<Standing> = list.iter().map(|a| a.standing).collect();
    assert_eq!(
        standings,
        [
            Standing::Registered,
            Standing::Registered,
            Standing::Waitlisted
        ]
    );
    assert_eq!(
        list[2].cooperative,
        "Koperasi Desa Merah Putih Cangkuang Wetan"
    );
    let marked = app
        .put_json(
            &format!("/api/events/{id}/attendance"),
            &dinas,
            json!({"user_id": list[0].user_id, "attended": true}),
        )
        .await;
    assert_eq!(marked.status(), 204);
    assert_eq!(
        app.get_as(&ketua, &format!("/api/events/{id}/registrations"))
            .await
            .status(),
        403
    );
    let list: Vec<Attendee> = app
        .get_as(&dinas, &format!("/api/events/{id}/registrations"))
        .await
        .json()
        .await
        .expect("registrations");
    assert!(list[0].attended && !list[1].attended);
}

async fn events_are_announced_inside_the_admins_region_with_field_errors(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (dinas, ketua, _) = registered(&app).await;
    let body = |extra: Value| {
        let mut body = json!({"title": {"id": "Pelatihan", "en": ""}, "date": in_a_month(), "time": "09:00",
                              "place": "Balai desa", "capacity": 20, "region": "32"});
        for (key, value) in extra.as_object().expect("object") {
            body[key] = value.clone();
        }
        body
    };
    for (session, extra, status) in [
        (&dinas, json!({"region": "33"}), 403),
        (&dinas, json!({"region": null}), 403),
        (&ketua, json!({}), 403),
        (&dinas, json!({"date": "2020-01-01"}), 422),
    ] {
        let response = app
            .post_json("/api/events", Some(session), body(extra))
            .await;
        assert_eq!(response.status(), status);
    }
    let refused = app
        .post_json(
            "/api/events",
            Some(&dinas),
            body(json!({"time": "9 pagi", "capacity": 0})),
        )
        .await;
    assert_eq!(
        first_field_error(&refused.json().await.expect("error")),
        ("time".to_owned(), "event.time".to_owned())
    );
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM events")
        .fetch_one(&app.db.pool)
        .await
        .expect("count");
    assert_eq!(count, 0);
}
