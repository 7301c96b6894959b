//! Bytes and requests on the wire for sync, against the real server on a fresh SQLite database:
//! a pull with nothing new, and an outbox of 100 and of 1,000 form submissions of 15 fields
//! pushed in batches of 100, gzip-compressed as the app sends them, then one pull, as the app's
//! engine does once its outbox is empty. A report, not a test:
//! nothing here is asserted.
//!
//!     cargo run --release -p kopdes-server --example bench_sync

mod support;

use std::io::Write;

use kopdes_domain::sync::{MAX_BATCH, Outcome, PullResponse, PushResponse};
use serde_json::{Value, json};

/// What one exchange cost on the wire (HTTP/1.1, headers included).
#[derive(Default)]
struct Wire {
    requests: usize,
    sent: usize,
    received: usize,
}

impl Wire {
    fn add(
        &mut self,
        request_headers: usize,
        body: usize,
        headers: &reqwest::header::HeaderMap,
        response_body: usize,
    ) {
        let response_headers: usize = headers
            .iter()
            .map(|(name, value)| name.as_str().len() + value.len() + 4)
            .sum::<usize>()
            + 17;
        self.requests += 1;
        self.sent += request_headers + body;
        self.received += response_headers + response_body;
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).expect("compress");
    encoder.finish().expect("compress")
}

#[allow(clippy::print_stdout)] // the report is the output
#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let base = support::demo_server(&dir).await?;
    // Compressed answers are asked for as gzip (browsers get brotli, a little smaller); this
    // client does not unpack them itself, so the byte counts are what crosses the link.
    let client = reqwest::Client::new();

    let cookie = support::sign_in(&client, &base, "0812-1212-0101").await?;
    // A request's headers as a browser would send them (about this size in Chromium).
    let request_headers = 420 + cookie.len();

    let first: PullResponse = client
        .get(format!("{base}/api/sync/pull"))
        .header("cookie", &cookie)
        .send()
        .await?
        .json()
        .await?;
    let cooperative_id = match &first.records[0] {
        kopdes_domain::sync::Record::Cooperative(c) => c.id.clone(),
        _ => anyhow::bail!("the first record is the cooperative"),
    };
    let form_id = publish_census(&client, &base).await?;

    // A pull with nothing new: the answer's headers and body size.
    let pull = || {
        let request = client
            .get(format!("{base}/api/sync/pull?cursor={}", first.cursor))
            .header("cookie", &cookie)
            .header("accept-encoding", "gzip");
        async move {
            let response = request.send().await?;
            let (headers, body) = (response.headers().clone(), response.bytes().await?);
            Ok::<_, anyhow::Error>((headers, body.len()))
        }
    };
    let mut idle = Wire::default();
    let (headers, body) = pull().await?;
    idle.add(request_headers, 0, &headers, body);
    println!(
        "nothing new: {} request, {} bytes sent, {} bytes received",
        idle.requests, idle.sent, idle.received
    );

    let mut next_id = 0u64;
    for outbox in [100usize, 1_000] {
        let mut wire = Wire::default();
        let mut applied = 0;
        let operations: Vec<Value> = (0..outbox)
            .map(|n| {
                next_id += 1;
                json!({
                    "id": format!("0193a1b2-0000-7000-8000-{next_id:012}"),
                    "record_id": format!("0193a1b2-0000-7000-9000-{next_id:012}"),
                    "base_version": null,
                    "kind": "form_response",
                    "data": {
                        "form_id": form_id,
                        "cooperative_id": cooperative_id,
                        "answers": census_answers(n)
                    }
                })
            })
            .collect();
        let raw: usize = operations.iter().map(|o| o.to_string().len() + 1).sum();
        for batch in operations.chunks(MAX_BATCH) {
            let body = gzip(&serde_json::to_vec(&json!({ "operations": batch }))?);
            let response = client
                .post(format!("{base}/api/sync/push"))
                .header("cookie", &cookie)
                .header("content-type", "application/json")
                .header("content-encoding", "gzip")
                .header("accept-encoding", "gzip")
                .body(body.clone())
                .send()
                .await?;
            let headers = response.headers().clone();
            let bytes = response.bytes().await?;
            wire.add(request_headers, body.len(), &headers, bytes.len());
            let answer: PushResponse = if headers.contains_key("content-encoding") {
                let mut text = Vec::new();
                std::io::Read::read_to_end(
                    &mut flate2::read::GzDecoder::new(&bytes[..]),
                    &mut text,
                )?;
                serde_json::from_slice(&text)?
            } else {
                serde_json::from_slice(&bytes)?
            };
            applied += answer
                .results
                .iter()
                .filter(|r| matches!(r.outcome, Outcome::Applied { .. }))
                .count();
        }
        // As the app's engine does: with the outbox empty, one pull for what changed elsewhere.
        let (headers, body) = pull().await?;
        wire.add(request_headers, 0, &headers, body);
        println!(
            "{outbox} queued form submissions (pushes, then one pull): {} requests, {} bytes sent ({raw} bytes of operations before gzip), {} bytes received, {applied} applied",
            wire.requests, wire.sent, wire.received
        );
    }
    Ok(())
}

/// A 15-field census form, published nationally by the demo ministry admin.
async fn publish_census(client: &reqwest::Client, base: &str) -> anyhow::Result<String> {
    let cookie = support::sign_in(client, base, "0811-0000-0001").await?;
    let text = |id: &str, en: &str| json!({"id": id, "en": en});
    let field = |name: &str, kind: Value| {
        let mut f = json!({"name": name, "label": text(name, name), "required": true});
        for (k, v) in kind.as_object().into_iter().flatten() {
            f[k] = v.clone();
        }
        f
    };
    let option = |v: &str| json!({"value": v, "label": text(v, v)});
    let spec = json!({
        "key": "sensus-koperasi",
        "version": 1,
        "title": text("Sensus koperasi", "Cooperative census"),
        "fields": [
            field("tanggal_rapat", json!({"kind": "date", "not_future": true})),
            field("anggota_laki", json!({"kind": "integer", "min": 0})),
            field("anggota_perempuan", json!({"kind": "integer", "min": 0})),
            field("simpanan_pokok", json!({"kind": "money", "min": 0})),
            field("simpanan_wajib", json!({"kind": "money", "min": 0})),
            field("simpanan_sukarela", json!({"kind": "money", "min": 0})),
            field("sisa_hasil_usaha", json!({"kind": "money"})),
            field("ada_rat", json!({"kind": "yes_no"})),
            field("usaha_utama", json!({"kind": "choice", "options": [option("sembako"), option("simpan_pinjam"), option("apotek"), option("logistik")]})),
            field("layanan", json!({"kind": "multiple_choice", "options": [option("beras"), option("pupuk"), option("lpg"), option("obat")]})),
            field("telepon_pengurus", json!({"kind": "phone"})),
            field("luas_gudang_m2", json!({"kind": "decimal", "places": 1, "min": 0})),
            field("sinyal", json!({"kind": "choice", "options": [option("tidak_ada"), option("lemah"), option("baik")]})),
            field("alamat_gerai", json!({"kind": "text", "max_length": 120})),
            field("catatan", json!({"kind": "long_text", "max_length": 500})),
        ]
    });
    let published: Value = client
        .post(format!("{base}/api/forms"))
        .header("cookie", &cookie)
        .json(&json!({ "spec": spec }))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    Ok(published["id"].as_str().unwrap_or_default().to_owned())
}

/// Plausible answers, different for each submission.
fn census_answers(n: usize) -> Value {
    let main_business = ["sembako", "simpan_pinjam", "apotek", "logistik"][n % 4];
    let services = [["beras", "lpg"], ["pupuk", "obat"], ["beras", "pupuk"]][n % 3];
    let signal = ["tidak_ada", "lemah", "baik"][n % 3];
    json!({
        "tanggal_rapat": format!("2026-{:02}-{:02}", 1 + n % 10, 1 + n % 28),
        "anggota_laki": (40 + n % 60).to_string(),
        "anggota_perempuan": (35 + n % 70).to_string(),
        "simpanan_pokok": (100_000 * (40 + n % 60)).to_string(),
        "simpanan_wajib": (10_000 * (n % 500 + 100)).to_string(),
        "simpanan_sukarela": (25_000 * (n % 300)).to_string(),
        "sisa_hasil_usaha": (1_000_000 + 7_919 * n).to_string(),
        "ada_rat": if n.is_multiple_of(3) { "no" } else { "yes" },
        "usaha_utama": main_business,
        "layanan": services,
        "telepon_pengurus": format!("+62812{:08}", 12_120_000 + n),
        "luas_gudang_m2": format!("{}.{}", 20 + n % 80, n % 10),
        "sinyal": signal,
        "alamat_gerai": format!("Jl. Sisingamangaraja No. {n}, Hutanamora"),
        "catatan": format!("Gerai buka pukul 07.00 sampai 17.00. Laporan ke-{n}."),
    })
}
