# Thông báo của phần preview. Tiếng Việt.
preview-page-size = kích thước trang { $w }×{ $h } không vẽ được
preview-too-many-pixels = ở độ phân giải { $dpi } dpi, trang sẽ có { $wp }×{ $hp } = { $pixels } điểm ảnh; giới hạn là { $max_pixels } điểm ảnh: hãy chọn độ phân giải thấp hơn
preview-bad-dpi = không vẽ được ở độ phân giải { $dpi } dpi: hãy chọn từ { $min_dpi } đến { $max_dpi } dpi (96 dpi hiển thị trang trên màn hình đúng kích thước thật)
preview-no-such-page = không có trang { $page }: văn bản có { $count } trang (hãy chọn từ 1 đến { $count })
preview-picture-size = không tạo được hình ảnh { $w }×{ $h } điểm ảnh
preview-png-write = không ghi được tệp PNG: { $reason }
preview-image-undrawable = không vẽ được hình `{ $image }`: { $reason }
preview-font-outlines = bản xem trước không đọc được đường nét chữ của phông chữ này ({ $reason })
