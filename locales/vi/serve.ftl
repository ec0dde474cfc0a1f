# Thông báo của phần serve. Tiếng Việt.
serve-no-token = dịch vụ này cần mã truy cập, nhưng yêu cầu thiếu mã truy cập
    .hint = gửi mã trong tiêu đề `Authorization: Bearer MÃ` (mã đã đặt khi khởi động dịch vụ)
serve-bad-token = mã truy cập không đúng
    .hint = gửi đúng mã đã đặt khi khởi động dịch vụ (`--token`, `--token-file` hoặc `VANBAN_TOKEN`)
serve-body-too-large = nội dung yêu cầu vượt quá giới hạn { $limit } byte
    .hint = gửi văn bản nhỏ hơn, hoặc khởi động dịch vụ với `--max-body` lớn hơn (`--max-upload` đối với tệp nhập)
serve-body-unreadable = không đọc được hết nội dung yêu cầu
    .hint = gửi lại toàn bộ nội dung
serve-busy = mọi tiến trình xử lý đều đang bận và hàng đợi đã đầy
    .hint = thử lại sau { $seconds } giây; dịch vụ xử lý cùng lúc số việc bằng số tiến trình (`--jobs`) và giữ thêm `--queue` việc chờ
serve-timeout = yêu cầu xử lý lâu hơn thời hạn { $seconds } giây của dịch vụ
    .hint = thử lại sau, hoặc gửi văn bản ngắn hơn; thời hạn đặt bằng `--timeout`
serve-internal = dịch vụ gặp lỗi nội bộ khi xử lý yêu cầu này
    .hint = thử lại; nếu lỗi lặp lại, hãy báo kèm văn bản gây lỗi
serve-query-unreadable = không đọc được chuỗi tham số của yêu cầu
    .hint = viết các cặp tên=giá trị nối bằng &, mã hóa phần trăm
serve-query-unknown = không có tham số `{ $name }`
    .hint = đường dẫn này nhận các tham số: { $known }
serve-query-twice = tham số `{ $name }` được gửi hai lần
    .hint = chỉ gửi một lần
serve-query-value = tham số `{ $name }` không nhận giá trị `{ $value }`
    .hint = chọn một trong các giá trị: { $expected }
serve-not-found = không có đường dẫn `{ $path }`
    .hint = các đường dẫn là /v1/render, /v1/validate, /v1/preview, /v1/import, /v1/schema, /v1/layouts, /healthz, /metrics và trình soạn thảo tại /
serve-method-not-allowed = đường dẫn `{ $path }` không nhận phương thức { $method }
    .hint = các đường dẫn /v1 nhận văn bản dùng POST; /v1/schema, /v1/layouts, /healthz và /metrics dùng GET
serve-image-no-assets = dịch vụ không đọc tệp hình ảnh, mà `{ $image }` là một tên tệp
    .hint = đưa ảnh PNG vào ngay trong JSON dưới dạng `data:image/png;base64,…`
serve-image-outside = hình ảnh `{ $image }` không có trong thư mục hình ảnh của dịch vụ
    .hint = ghi tên một tệp PNG trong thư mục hình ảnh của dịch vụ (`--assets`), hoặc đưa ảnh PNG vào ngay trong JSON dưới dạng `data:image/png;base64,…`
serve-import-repair = dòng { $line }: đã sửa { $what }: `{ $from }` → `{ $to }`
picture-data-not-png = hình ảnh trong JSON phải là ảnh PNG viết dưới dạng `data:image/png;base64,…`
    .hint = mã hóa tệp PNG bằng base64 và viết sau `data:image/png;base64,` (như FileReader.readAsDataURL của trình duyệt cho một ảnh PNG)
picture-data-bad-base64 = hình ảnh trong JSON không phải base64 hợp lệ
    .hint = mã hóa tệp PNG bằng base64 chuẩn, giữ dấu `=` ở cuối và không xuống dòng
picture-data-too-big = hình ảnh trong JSON sau khi giải mã có kích thước { $size }; giới hạn là { $limit }
    .hint = lưu ảnh nhỏ hơn (ảnh con dấu hay chữ ký PNG chỉ cần dưới 1 MB), hoặc nâng giới hạn: `Limits::max_image_bytes` trong thư viện, `--limit max_image_bytes=N` trên dòng lệnh
picture-data-unusable = hình ảnh trong JSON không phải là ảnh PNG dùng được: { $reason }
