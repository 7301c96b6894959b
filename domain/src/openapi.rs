//! How the shared types that parse their own text look in the OpenAPI description. The derive
//! cannot see a hand-written `Deserialize`, so these say by hand what the parser accepts: the
//! description must not promise more or less than `parse` does, or schemathesis catches it.

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type};
use utoipa::{PartialSchema, ToSchema};

use crate::date::Date;
use crate::nik::Nik;
use crate::phone::Phone;
use crate::region::RegionCode;

fn text(description: &str, example: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
        .examples([example])
}

/// Two digits, none of them all zeros, per level: `32`, `32.04`, `32.04.12`, `32.04.12.2003`.
const REGION_CODE: &str = r"^(0[1-9]|[1-9][0-9])(\.(0[1-9]|[1-9][0-9])(\.(0[1-9]|[1-9][0-9])(\.(000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3}))?)?)?$";

impl PartialSchema for RegionCode {
    fn schema() -> RefOr<Schema> {
        text(
            "A region code of Kemendagri: province `32`, regency `32.04`, district \
             `32.04.12` or village `32.04.12.2003`.",
            "32.04.12.2003",
        )
        .pattern(Some(REGION_CODE))
        .into()
    }
}
impl ToSchema for RegionCode {}

impl PartialSchema for Date {
    fn schema() -> RefOr<Schema> {
        text("A calendar date, `YYYY-MM-DD`.", "2025-07-21")
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
            .into()
    }
}
impl ToSchema for Date {}

impl PartialSchema for Phone {
    fn schema() -> RefOr<Schema> {
        text(
            "An Indonesian mobile number. Accepted as `08…`, `62 8…` or `+62 8…` with spaces, \
             dots or dashes; always answered in E.164 (`+628…`).",
            "+6281234567890",
        )
        .into()
    }
}
impl ToSchema for Phone {}

impl PartialSchema for Nik {
    fn schema() -> RefOr<Schema> {
        text(
            "Nomor Induk Kependudukan: 16 digits. The server checks the region and birth \
             date in it too.",
            "3204124507900001",
        )
        .pattern(Some("^[0-9]{16}$"))
        .into()
    }
}
impl ToSchema for Nik {}
