# Thông báo của phần cli (src/cli/mod.rs, preview.rs, src/progress.rs). Tiếng Việt.
# Phần trợ giúp (--help) của clap vẫn bằng tiếng Anh (sinh từ chú thích trong mã).

cli-jobs = `{ $value }`: hãy chọn từ 1 đến { $max } luồng xử lý (việc kết xuất dùng nhiều CPU: mỗi lõi một luồng là nhanh nhất, nhiều hơn chỉ tốn thêm bộ nhớ)
cli-limit-form = `{ $value }`: hãy viết TÊN=GIÁ_TRỊ, ví dụ max_pages=5000
cli-import-read-as = { $file }: đọc theo bảng mã { $encoding }
cli-import-repaired = { $file }:{ $line }: đã sửa { $what }: `{ $from }` → `{ $to }`
cli-validate-ok = { $file }: hợp lệ
cli-no-title = (không có tên loại)
cli-writing-stdout = ghi ra đầu ra chuẩn
cli-documents-failed = { $failed } trên { $total } văn bản không kết xuất được
cli-documents-have-problems = { $failed } trên { $total } văn bản có lỗi
cli-input-grew = { $file }: tệp đầu vào lớn thêm trong khi đang đọc
cli-reading-stdin = đọc từ đầu vào chuẩn
cli-stdin = đầu vào chuẩn
cli-cannot-read = { $file }: không đọc được: { $reason }
cli-same-stem = `{ $first }` và `{ $second }` sẽ được ghi vào cùng các tệp kết quả (trùng tên, không kể chữ hoa chữ thường): hãy kết xuất chúng vào các thư mục khác nhau (-o) hoặc đổi tên một tệp; chưa văn bản nào được kết xuất
cli-source-too-large = { $file }: tệp có kích thước { $size } trở lên; giới hạn là { $limit }
    .hint = hãy tách tệp, hoặc nâng giới hạn: `Limits::max_source_bytes` trong thư viện, `--limit max_source_bytes=N` trên dòng lệnh
cli-cannot-create-folder = { $folder }: không tạo được thư mục
cli-preview-format = { $file }: không xác định được định dạng ảnh từ tên tệp: hãy đặt tên kết thúc bằng .png hoặc .svg, hoặc dùng --format png|svg
cli-preview-cannot-write = { $file }: không ghi được tệp ảnh
cli-ctrlc-handler = không cài đặt được bộ xử lý Ctrl-C
cli-batch-failed = { $failed } lỗi
cli-batch-progress = xong { $done }/{ $total }, { $failed } lỗi, { $skipped } đã cập nhật
cli-batch-summary = { $total } văn bản: { $rendered } đã kết xuất, { $skipped } đã cập nhật từ trước, { $failed } lỗi{ $cancelled ->
        [0] {""}
       *[other] , { $cancelled } chưa bắt đầu (bị ngắt)
    } trong { $seconds } giây ({ $rate } văn bản/giây)
cli-shard = `{ $value }` không phải là một phần chia: hãy viết K/N với 1 ≤ K ≤ N, ví dụ 2/3
