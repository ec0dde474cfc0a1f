//! RFC 3161 time-stamps (PAdES B-T). (Skeleton: branch `signcms`.)
