//! TLS for CQL: the rustls client configuration a URL's `sslmode`, CA and client certificate ask
//! for, handed to the driver, which wraps every node's connection in it.

use super::url::{Tls, TlsMode};
use crate::driver::DriverError;
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, ring};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{CertificateError, ClientConfig, DigitallySignedStruct, Error, RootCertStore, SignatureScheme};
use std::sync::Arc;

/// The client configuration for `tls`; its files are read here, so a missing one is named before
/// any node is reached.
pub fn client_config(tls: &Tls) -> Result<Arc<ClientConfig>, DriverError> {
    let provider = Arc::new(ring::default_provider());
    let chain = match tls.mode {
        TlsMode::Require => None,
        TlsMode::VerifyCa | TlsMode::VerifyFull => Some(chain_verifier(tls, &provider)?),
    };
    let verifier = Verifier {
        mode: tls.mode,
        url_host: ServerName::try_from(tls.host.clone()).ok(),
        chain,
        provider: provider.clone(),
    };
    let builder = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| DriverError::Url(format!("TLS: {e}")))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier));
    let config = match &tls.client {
        Some((cert, key)) => builder
            .with_client_auth_cert(certificates("sslcert", cert)?, private_key(key)?)
            .map_err(|e| DriverError::Url(format!("sslcert {cert} and sslkey {key}: {e}")))?,
        None => builder.with_no_client_auth(),
    };
    Ok(Arc::new(config))
}

/// Checks a chain against the CA file, or the public CAs without one.
fn chain_verifier(tls: &Tls, provider: &Arc<CryptoProvider>) -> Result<Arc<WebPkiServerVerifier>, DriverError> {
    let mut roots = RootCertStore::empty();
    match &tls.root_cert {
        Some(path) => {
            for cert in certificates("sslrootcert", path)? {
                roots.add(cert).map_err(|e| DriverError::Url(format!("sslrootcert {path}: {e}")))?;
            }
        }
        None => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
    }
    WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .build()
        .map_err(|e| DriverError::Url(format!("TLS: {e}")))
}

fn certificates(param: &str, path: &str) -> Result<Vec<CertificateDer<'static>>, DriverError> {
    let bad = |why: String| DriverError::Url(format!("{param} {path}: {why}"));
    let bytes = std::fs::read(path).map_err(|e| bad(e.to_string()))?;
    let certs =
        CertificateDer::pem_slice_iter(&bytes).collect::<Result<Vec<_>, _>>().map_err(|e| bad(e.to_string()))?;
    if certs.is_empty() {
        return Err(bad("no PEM certificate in it".into()));
    }
    Ok(certs)
}

fn private_key(path: &str) -> Result<PrivateKeyDer<'static>, DriverError> {
    let bytes = std::fs::read(path).map_err(|e| DriverError::Url(format!("sslkey {path}: {e}")))?;
    PrivateKeyDer::from_pem_slice(&bytes).map_err(|e| DriverError::Url(format!("sslkey {path}: {e}")))
}

/// The driver names each node by its IP address; a certificate issued for the URL's host name
/// (one name in front of the cluster, as managed services issue them) passes verify-full too.
#[derive(Debug)]
struct Verifier {
    mode: TlsMode,
    url_host: Option<ServerName<'static>>,
    chain: Option<Arc<WebPkiServerVerifier>>,
    provider: Arc<CryptoProvider>,
}

fn wrong_name(e: &Error) -> bool {
    matches!(
        e,
        Error::InvalidCertificate(CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. })
    )
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, Error> {
        let Some(chain) = &self.chain else { return Ok(ServerCertVerified::assertion()) };
        match chain.verify_server_cert(end_entity, intermediates, server_name, ocsp, now) {
            Err(e) if wrong_name(&e) && self.mode == TlsMode::VerifyCa => Ok(ServerCertVerified::assertion()),
            Err(e) if wrong_name(&e) => match &self.url_host {
                Some(host) => chain.verify_server_cert(end_entity, intermediates, host, ocsp, now),
                None => Err(e),
            },
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        // Even unverified certificates must sign the handshake: that keeps the session to the
        // holder of the key the server presented.
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider.signature_verification_algorithms.supported_schemes()
    }
}
