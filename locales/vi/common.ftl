# Nhãn và khung của mọi thông báo lỗi (src/error.rs). Tiếng Việt.
untranslated = { $text }
label-hint = gợi ý
label-line-column = dòng { $line }, cột { $column }
label-error = lỗi
label-warning = cảnh báo
label-note = lưu ý
error-layout = bố cục { $file }: { $key }: { $message }
error-font = phông chữ { $file }: { $message }
error-docx = docx: { $message }
error-pdf = pdf: { $message }
error-preview = xem trước: { $message }
error-import = nhập văn bản: { $message }
io-not-found = không có tệp hoặc thư mục này
io-permission-denied = không có quyền truy cập
io-already-exists = tệp đã tồn tại
io-is-a-directory = đây là thư mục, không phải tệp
io-not-a-directory = một phần của đường dẫn không phải là thư mục
io-storage-full = ổ đĩa đã đầy
io-read-only = hệ thống tệp chỉ cho phép đọc
io-invalid-data = dữ liệu không hợp lệ: { $text }
# Một nội dung đã có sẵn bằng cả hai ngôn ngữ (thông báo lồng trong thông báo khác).
text-in-both = { $vi }{ $en ->
       *[other] {""}
    }
