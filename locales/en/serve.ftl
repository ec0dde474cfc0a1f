# Messages of the serve area. English.
serve-no-token = this service needs an access token
    .hint = send it as `Authorization: Bearer TOKEN` (the token the service was started with)
serve-bad-token = the access token is wrong
    .hint = send the token the service was started with (`--token`, `--token-file` or `VANBAN_TOKEN`)
serve-body-too-large = the request body is over the limit of { $limit } bytes
    .hint = send a smaller document, or start the service with a higher `--max-body` (`--max-upload` for imports)
serve-body-unreadable = the request body could not be read to its end
    .hint = send the whole body again
serve-busy = every worker is busy and the queue is full
    .hint = try again in { $seconds } s; the service runs as many jobs at once as it has workers (`--jobs`) and keeps `--queue` more waiting
serve-timeout = the request took longer than the service's time limit of { $seconds } s
    .hint = try again later, or send a shorter document; the limit is set with `--timeout`
serve-internal = the service failed on this request (an internal error)
    .hint = try again; if it happens again, report it with the document that causes it
serve-query-unreadable = the query string cannot be read
    .hint = write it as name=value pairs joined by &, percent-encoded
serve-query-unknown = unknown query parameter `{ $name }`
    .hint = this route takes: { $known }
serve-query-twice = the query parameter `{ $name }` is given twice
    .hint = give it once
serve-query-value = the query parameter `{ $name }` cannot be `{ $value }`
    .hint = give one of: { $expected }
serve-not-found = there is no route `{ $path }`
    .hint = the routes are /v1/render, /v1/validate, /v1/preview, /v1/import, /v1/schema, /v1/layouts, /healthz, /metrics and the editor at /
serve-method-not-allowed = the route `{ $path }` does not take { $method }
    .hint = the /v1 routes that take a document are POST; /v1/schema, /v1/layouts, /healthz and /metrics are GET
serve-image-no-assets = the service reads no image files, and `{ $image }` is a file name
    .hint = put the PNG inside the JSON as `data:image/png;base64,…`
serve-image-outside = the image `{ $image }` is not in the service's assets folder
    .hint = give the name of a PNG in the service's assets folder (`--assets`), or put the PNG inside the JSON as `data:image/png;base64,…`
serve-import-repair = line { $line }: repaired { $what }: `{ $from }` → `{ $to }`
picture-data-not-png = an image inside the JSON must be a PNG written as `data:image/png;base64,…`
    .hint = encode the PNG file in base64 after `data:image/png;base64,` (what a browser's FileReader.readAsDataURL gives for a PNG)
picture-data-bad-base64 = the image inside the JSON is not valid base64
    .hint = encode the PNG file in standard base64, with its `=` padding and no line breaks
picture-data-too-big = the image inside the JSON is { $size } once decoded; the limit is { $limit }
    .hint = save it smaller (a seal or signature PNG needs well under 1 MB), or raise the limit: `Limits::max_image_bytes` in the library, `--limit max_image_bytes=N` on the command line
picture-data-unusable = the image inside the JSON is not a usable PNG: { $reason }
