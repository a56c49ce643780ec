//! `api-surface LIBRARY`: prints the exported API of a uniffi library (objects, constructors,
//! methods, records, enums, errors, functions, foreign traits), one sorted line each, so a checked-in
//! snapshot makes any API change a visible diff.

use camino::Utf8PathBuf;
use uniffi_meta::{FnParamMetadata, Metadata, Type};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: api-surface path/to/libcitizen_wallet_ffi.so");
        std::process::exit(2);
    };
    match surface(&Utf8PathBuf::from(path)) {
        Ok(lines) => lines.iter().for_each(|l| println!("{l}")),
        Err(e) => {
            eprintln!("api-surface: {e:#}");
            std::process::exit(1);
        }
    }
}

/// The API as sorted lines.
pub fn surface(library: &camino::Utf8Path) -> anyhow_free::Result<Vec<String>> {
    let items = uniffi_bindgen::macro_metadata::extract_from_library(library).map_err(|e| e.to_string())?;
    let mut lines: Vec<String> = items.iter().filter_map(describe).collect();
    lines.sort();
    lines.dedup();
    Ok(lines)
}

mod anyhow_free {
    pub type Result<T> = std::result::Result<T, String>;
}

fn describe(item: &Metadata) -> Option<String> {
    Some(match item {
        Metadata::Func(f) => {
            format!("fn {}({}){}{}", f.name, params(&f.inputs), ret(&f.return_type), throws(&f.throws))
        }
        Metadata::Object(o) => format!("object {}", o.name),
        Metadata::Constructor(c) => {
            format!("constructor {}.{}({}){}", c.self_name, c.name, params(&c.inputs), throws(&c.throws))
        }
        Metadata::Method(m) => format!(
            "method {}.{}({}){}{}",
            m.self_name,
            m.name,
            params(&m.inputs),
            ret(&m.return_type),
            throws(&m.throws)
        ),
        Metadata::TraitMethod(m) => format!(
            "trait-method {}.{}({}){}{}",
            m.trait_name,
            m.name,
            params(&m.inputs),
            ret(&m.return_type),
            throws(&m.throws)
        ),
        Metadata::Record(r) => {
            let fields: Vec<String> = r.fields.iter().map(|f| format!("{}: {}", f.name, ty(&f.ty))).collect();
            format!("record {} {{ {} }}", r.name, fields.join(", "))
        }
        Metadata::Enum(e) => {
            let variants: Vec<String> = e
                .variants
                .iter()
                .map(|v| {
                    if v.fields.is_empty() {
                        v.name.clone()
                    } else {
                        let fields: Vec<String> =
                            v.fields.iter().map(|f| format!("{}: {}", f.name, ty(&f.ty))).collect();
                        format!("{}({})", v.name, fields.join(", "))
                    }
                })
                .collect();
            let kind = if matches!(e.shape, uniffi_meta::EnumShape::Error { .. }) { "error" } else { "enum" };
            format!("{kind} {} {{ {} }}", e.name, variants.join(", "))
        }
        Metadata::CallbackInterface(c) => format!("callback-interface {}", c.name),
        _ => return None,
    })
}

fn params(inputs: &[FnParamMetadata]) -> String {
    inputs.iter().map(|p| format!("{}: {}", p.name, ty(&p.ty))).collect::<Vec<_>>().join(", ")
}

fn ret(t: &Option<Type>) -> String {
    t.as_ref().map(|t| format!(" -> {}", ty(t))).unwrap_or_default()
}

fn throws(t: &Option<Type>) -> String {
    t.as_ref().map(|t| format!(" throws {}", ty(t))).unwrap_or_default()
}

fn ty(t: &Type) -> String {
    match t {
        Type::Object { name, .. }
        | Type::Record { name, .. }
        | Type::Enum { name, .. }
        | Type::CallbackInterface { name, .. }
        | Type::Custom { name, .. } => name.clone(),
        Type::Box { inner_type } => ty(inner_type),
        Type::Optional { inner_type } => format!("{}?", ty(inner_type)),
        Type::Sequence { inner_type } => format!("[{}]", ty(inner_type)),
        Type::Set { inner_type } => format!("Set<{}>", ty(inner_type)),
        Type::Map { key_type, value_type } => format!("Map<{}, {}>", ty(key_type), ty(value_type)),
        primitive => format!("{primitive:?}"),
    }
}
