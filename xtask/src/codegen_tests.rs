//! The `api-version` removal in codegen/settings.rs, on operations shaped
//! like progenitor's.

use crate::WithoutApiVersion;

const OPERATIONS: &str = r#"
async fn plain() {
    let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
    header_map.append(
        ::reqwest::header::HeaderName::from_static("api-version"),
        ::reqwest::header::HeaderValue::from_static(super::Client::api_version()),
    );
    let mut request = client.client.get(url).headers(header_map).build()?;
    let info = OperationInfo { operation_id: "plain" };
}
async fn with_optional_header() {
    let mut header_map = ::reqwest::header::HeaderMap::with_capacity(2usize);
    header_map.append(
        ::reqwest::header::HeaderName::from_static("api-version"),
        ::reqwest::header::HeaderValue::from_static(super::Client::api_version()),
    );
    if let Some(value) = trace {
        header_map.append("x-trace", value.to_string().try_into()?);
    }
    let mut request = client.client.get(url).headers(header_map).build()?;
    let info = OperationInfo { operation_id: "with_optional_header" };
}
"#;

fn transform(source: &str) -> (String, WithoutApiVersion) {
    let mut file: syn::File = syn::parse_str(source).unwrap();
    let mut without = WithoutApiVersion::default();
    syn::visit_mut::VisitMut::visit_file_mut(&mut without, &mut file);
    (prettyplease::unparse(&file), without)
}

#[test]
fn the_header_goes_and_a_map_with_other_headers_stays() {
    let (code, without) = transform(OPERATIONS);
    assert_eq!((without.operations, without.removed), (2, 2));
    assert!(!code.contains("api-version"), "{code}");
    let (plain, optional) = code.split_at(code.find("async fn with_optional_header").unwrap());
    assert!(!plain.contains("header_map"), "{plain}");
    assert!(plain.contains("client.client.get(url).build()?"), "{plain}");
    assert!(optional.contains("let mut header_map"), "{optional}");
    assert!(
        optional.contains("header_map.append(\"x-trace\""),
        "{optional}"
    );
    assert!(optional.contains(".headers(header_map)"), "{optional}");
}

#[test]
fn an_operation_without_the_header_is_counted() {
    let source = OPERATIONS.replace("\"api-version\"", "\"other\"");
    let (_, without) = transform(&source);
    assert_eq!((without.operations, without.removed), (2, 0));
}

#[test]
fn query_parameters_go_through_the_transport() {
    let source = r#"
async fn listing() {
    let mut request = client.client.get(url).header(ACCEPT, json)
        .query(&progenitor_client::QueryParam::new("MessageStream", &message_stream))
        .build()?;
}
"#;
    let mut file: syn::File = syn::parse_str(source).unwrap();
    syn::visit_mut::VisitMut::visit_file_mut(&mut crate::QueryThroughTransport, &mut file);
    let code = prettyplease::unparse(&file);
    let code: String = code.split_whitespace().collect();
    assert!(
        code.contains(
            "crate::transport::query_param(client.client.get(url).header(ACCEPT,json),\
             &progenitor_client::QueryParam::new(\"MessageStream\",&message_stream),).build()?"
        ),
        "{code}"
    );
}

#[test]
fn answers_are_decoded_by_the_transport() {
    let source = r#"
async fn getting() {
    match response.status().as_u16() {
        200u16 => ResponseValue::from_response(response).await,
        400u16..=499u16 => {
            Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
        }
        _ => Err(Error::UnexpectedResponse(response)),
    }
}
"#;
    let mut file: syn::File = syn::parse_str(source).unwrap();
    let mut decode = crate::DecodeThroughTransport::default();
    syn::visit_mut::VisitMut::visit_file_mut(&mut decode, &mut file);
    assert_eq!(decode.rewritten, 2);
    let code: String = prettyplease::unparse(&file).split_whitespace().collect();
    assert!(!code.contains("from_response"), "{code}");
    assert!(
        code.contains("200u16=>crate::transport::decode(response).await,"),
        "{code}"
    );
    assert!(
        code.contains("Err(Error::ErrorResponse(crate::transport::decode(response).await?))"),
        "{code}"
    );
}
