# Messages of the cli area (src/cli/mod.rs, preview.rs, src/progress.rs). English.
# clap's own help and usage text stays English (it is made from the doc comments).

cli-jobs = `{ $value }`: give 1 to { $max } workers (rendering is CPU-bound: one per core is fastest, more only add memory)
cli-limit-form = `{ $value }`: write NAME=VALUE, e.g. max_pages=5000
cli-import-read-as = { $file }: read as { $encoding }
cli-import-repaired = { $file }:{ $line }: repaired { $what }: `{ $from }` → `{ $to }`
cli-validate-ok = { $file }: ok
cli-no-title = (no title)
cli-writing-stdout = writing standard output
cli-documents-failed = { $failed } of { $total } documents failed
cli-documents-have-problems = { $failed } of { $total } documents have problems
cli-input-grew = { $file }: the input grew while read
cli-reading-stdin = reading standard input
cli-stdin = standard input
cli-cannot-read = { $file }: cannot read: { $reason }
cli-same-stem = `{ $first }` and `{ $second }` would be written to the same output files (one name, up to case): render them into different folders (-o) or rename one; nothing was rendered
cli-source-too-large = { $file }: it is { $size } or more; the limit is { $limit }
    .hint = split it, or raise the limit: `Limits::max_source_bytes` in the library, `--limit max_source_bytes=N` on the command line
cli-cannot-create-folder = { $folder }: cannot create the folder
cli-preview-format = { $file }: cannot tell the picture format from the name: end it in .png or .svg, or give --format png|svg
cli-preview-cannot-write = { $file }: cannot write the picture
cli-ctrlc-handler = cannot install the Ctrl-C handler
cli-batch-failed = { $failed } failed
cli-batch-progress = { $done }/{ $total } done, { $failed } failed, { $skipped } up to date
cli-batch-summary = { $total } documents: { $rendered } rendered, { $skipped } up to date, { $failed } failed{ $cancelled ->
        [0] {""}
       *[other] , { $cancelled } not started (interrupted)
    } in { $seconds } s ({ $rate } documents/s)
cli-shard = `{ $value }` is not a shard: write K/N with 1 ≤ K ≤ N, e.g. 2/3
