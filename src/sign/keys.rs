//! Keys and certificates: PKCS#12 files, PEM/DER certificate chains, and
//! the checks a signing certificate must pass. (Skeleton: branch `signcms`.)
