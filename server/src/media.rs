//! Pictures for training and announcements, kept by the hash of the bytes served: every picture
//! an admin uploads is decoded and re-encoded here to a phone-sized JPEG within a byte budget,
//! whatever the camera made, so a learner on a satellite link never downloads a 4 MB photo
//! and no camera metadata (location) is passed on.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageReader, Limits};
use kopdes_domain::course::MediaRef;
use sqlx::{AnyConnection, Row};

use crate::clock::now_millis;
use crate::secrets::sha256_hex_of;

/// The longest side of a picture as phones get it: sharp on a 360 px wide screen at 2x.
pub const MAX_SIDE: u32 = 960;
/// What one picture may cost on the wire.
pub const TARGET_BYTES: usize = 60 * 1024;
/// Pictures larger than this (in pixels a side, in pixels, in decoded bytes) are refused from
/// their header, before anything is decoded: a 7999x7999 16-bit PNG once cost 600 MB.
const MAX_INPUT_SIDE: u32 = 8_000;
const MAX_INPUT_PIXELS: u64 = 24_000_000;
const MAX_DECODED_BYTES: u64 = 96 * 1024 * 1024;

/// A picture ready to store.
#[derive(Debug)]
pub struct Shrunk {
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum ShrinkError {
    #[error("not a JPEG, PNG or WebP picture, or a damaged one")]
    Unreadable,
    #[error("the picture is larger than a server decodes")]
    TooLarge,
}

fn jpeg(image: &DynamicImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    let rgb = image.to_rgb8();
    // Writing to memory cannot fail for a valid RGB buffer.
    let _ = JpegEncoder::new_with_quality(&mut out, quality).encode_image(&rgb);
    out
}

/// Decodes `bytes` and re-encodes them as a JPEG no wider or taller than [`MAX_SIDE`], lowering
/// the quality and then the size until it fits [`TARGET_BYTES`].
pub fn shrink(bytes: &[u8]) -> Result<Shrunk, ShrinkError> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| ShrinkError::Unreadable)?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_INPUT_SIDE);
    limits.max_image_height = Some(MAX_INPUT_SIDE);
    limits.max_alloc = Some(MAX_DECODED_BYTES + 16 * 1024 * 1024);
    reader.limits(limits);
    let decoder = reader.into_decoder().map_err(|e| match e {
        image::ImageError::Limits(_) => ShrinkError::TooLarge,
        _ => ShrinkError::Unreadable,
    })?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_INPUT_PIXELS
        || decoder.total_bytes() > MAX_DECODED_BYTES
    {
        return Err(ShrinkError::TooLarge);
    }
    let decoded = DynamicImage::from_decoder(decoder).map_err(|_| ShrinkError::Unreadable)?;
    // Down to the phone size once, by averaging (little memory), then finer steps if needed.
    let decoded = if decoded.width().max(decoded.height()) > MAX_SIDE {
        decoded.thumbnail(MAX_SIDE, MAX_SIDE)
    } else {
        decoded
    };
    let mut side = MAX_SIDE;
    loop {
        let image = if decoded.width().max(decoded.height()) > side {
            decoded.resize(side, side, FilterType::Triangle)
        } else {
            decoded.clone()
        };
        for quality in [82, 72, 62, 52, 42] {
            let out = jpeg(&image, quality);
            if out.len() <= TARGET_BYTES || (quality == 42 && side <= 240) {
                return Ok(Shrunk {
                    bytes: out,
                    width: image.width(),
                    height: image.height(),
                });
            }
        }
        side = side * 4 / 5;
    }
}

/// Stores a picture under the hash of its bytes, once; answers how it is referred to.
#[tracing::instrument(name = "media.insert", skip_all)]
pub async fn insert(
    conn: &mut AnyConnection,
    content_type: &str,
    bytes: &[u8],
    width: u32,
    height: u32,
    uploaded_by: Option<&str>,
) -> Result<MediaRef, sqlx::Error> {
    let hash = sha256_hex_of(bytes);
    // What it costs on the wire: JPEGs as they are; SVG (the demo's own pictures) compressed.
    let size = if content_type == "image/svg+xml" {
        crate::courses::wire_size(bytes)
    } else {
        bytes.len() as u64
    };
    sqlx::query(
        "INSERT INTO media (hash, content_type, bytes, size, width, height, uploaded_by, uploaded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (hash) DO NOTHING",
    )
    .bind(&hash)
    .bind(content_type)
    .bind(bytes.to_vec())
    .bind(size as i64)
    .bind(i64::from(width))
    .bind(i64::from(height))
    .bind(uploaded_by)
    .bind(now_millis())
    .execute(conn)
    .await?;
    Ok(MediaRef {
        hash,
        bytes: size,
        width,
        height,
    })
}

/// How a held picture is referred to, without its bytes.
#[tracing::instrument(name = "media.find_ref", skip_all)]
pub async fn find_ref(
    conn: &mut AnyConnection,
    hash: &str,
) -> Result<Option<MediaRef>, sqlx::Error> {
    let row = sqlx::query("SELECT size, width, height FROM media WHERE hash = $1")
        .bind(hash)
        .fetch_optional(conn)
        .await?;
    row.map(|row| {
        Ok(MediaRef {
            hash: hash.to_owned(),
            bytes: row.try_get::<i64, _>("size")? as u64,
            width: row.try_get::<i64, _>("width")? as u32,
            height: row.try_get::<i64, _>("height")? as u32,
        })
    })
    .transpose()
}

/// A picture's type and bytes.
#[tracing::instrument(name = "media.find", skip_all)]
pub async fn find(
    conn: &mut AnyConnection,
    hash: &str,
) -> Result<Option<(String, Vec<u8>)>, sqlx::Error> {
    let row = sqlx::query("SELECT content_type, bytes FROM media WHERE hash = $1")
        .bind(hash)
        .fetch_optional(conn)
        .await?;
    row.map(|row| Ok((row.try_get("content_type")?, row.try_get("bytes")?)))
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgb, RgbImage};

    /// A noisy photo-like picture: flat colours would compress to nothing and prove little.
    fn camera_photo(width: u32, height: u32) -> Vec<u8> {
        let mut seed = 7u32;
        let picture = RgbImage::from_fn(width, height, |x, y| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let noise = (seed >> 16) as u8;
            Rgb([
                (x % 256) as u8 ^ noise,
                (y % 256) as u8,
                noise.wrapping_add((x / 7) as u8),
            ])
        });
        let mut png = Vec::new();
        DynamicImage::ImageRgb8(picture)
            .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
            .expect("encodes");
        png
    }

    #[test]
    fn a_large_photo_becomes_phone_sized_within_the_budget() {
        let input = camera_photo(3000, 2000);
        let out = shrink(&input).expect("shrinks");
        assert!(out.bytes.len() <= TARGET_BYTES, "{} bytes", out.bytes.len());
        assert!(out.width.max(out.height) <= MAX_SIDE);
        assert_eq!(out.width * 2000 / 3000, out.height);
        assert_eq!(&out.bytes[..2], &[0xFF, 0xD8], "a JPEG");
    }

    #[test]
    fn a_small_picture_keeps_its_size() {
        let out = shrink(&camera_photo(200, 100)).expect("shrinks");
        assert_eq!((out.width, out.height), (200, 100));
    }

    /// A PNG whose header claims `width` x `height` at 16 bits RGBA; its data is empty, since
    /// a picture that large must be refused from the header alone.
    fn png_header_claiming(width: u32, height: u32) -> Vec<u8> {
        fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
            out.extend_from_slice(&(data.len() as u32).to_be_bytes());
            out.extend_from_slice(kind);
            out.extend_from_slice(data);
            let mut crc = flate2::Crc::new();
            crc.update(kind);
            crc.update(data);
            out.extend_from_slice(&crc.sum().to_be_bytes());
        }
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut header = Vec::new();
        header.extend_from_slice(&width.to_be_bytes());
        header.extend_from_slice(&height.to_be_bytes());
        header.extend_from_slice(&[16, 6, 0, 0, 0]);
        chunk(&mut png, b"IHDR", &header);
        let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut zlib, &[0]).expect("deflate");
        chunk(&mut png, b"IDAT", &zlib.finish().expect("deflate"));
        chunk(&mut png, b"IEND", &[]);
        png
    }

    #[test]
    fn a_picture_too_large_to_decode_is_refused_from_its_header() {
        for (width, height) in [(7999, 7999), (8001, 10), (6000, 4500)] {
            let refused = shrink(&png_header_claiming(width, height));
            assert!(
                matches!(refused, Err(ShrinkError::TooLarge)),
                "{width}x{height}: {refused:?}"
            );
        }
    }

    #[test]
    fn what_is_not_a_picture_is_refused() {
        assert!(shrink(b"<svg onload=alert(1)>").is_err());
        assert!(shrink(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]).is_err());
    }
}
