//! Reading signatures back. (Skeleton: branch `verify`.)
