//! Signing with a key on a token through PKCS#11. (Skeleton: branch `signcms`.)
