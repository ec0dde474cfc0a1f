# Thông báo của phần import. Tiếng Việt.
import-doc-needs-libreoffice = đây là tệp .doc của Word 97–2003: muốn đọc cần có LibreOffice, nhưng máy chưa cài (không có soffice hay libreoffice trong PATH); hãy cài LibreOffice (`apt-get install libreoffice-writer-nogui`) hoặc lưu tệp thành .docx
import-doc-convert-io = khi chuyển đổi tệp .doc bằng LibreOffice: { $what }: { $reason }
import-doc-timeout = LibreOffice chuyển đổi tệp .doc quá { $seconds } giây nên đã bị dừng; hãy mở tệp bằng Word hoặc LibreOffice và lưu thành .docx
import-doc-convert-failed = LibreOffice không chuyển đổi được tệp .doc ({ $status }{ $details }); tệp có thể bị hỏng hoặc có mật khẩu bảo vệ: hãy mở tệp bằng Word hoặc LibreOffice và lưu thành .docx
import-doc-output-too-large = tệp DOCX do LibreOffice tạo từ tệp .doc quá lớn: { $reason } (`max_source_bytes`); hãy nâng giới hạn bằng `--limit max_source_bytes=N` (`Limits::max_source_bytes` trong thư viện) nếu tệp là thật
import-no-body = không tìm thấy nội dung văn bản: tệp có phần đầu và phần kết nhưng không có gì ở giữa (đây có phải là trang bìa, hay bản quét chỉ có một dấu chữ?)
import-result-invalid = văn bản nhận dạng được từ tệp này không hợp lệ nên không được ghi ra: { $reason }
    (đây là chỗ thiếu sót của bộ nhập văn bản của vanban: xin hãy báo lỗi kèm theo tệp)
import-docx-no-body = phần văn bản chính của tệp DOCX này ({ $main }) không có w:body: không có chữ nào để nhập
import-docx-unreadable = đây không phải là tệp DOCX đọc được: { $reason }
import-docx-part-too-large = phần { $name } của tệp DOCX khi giải nén lớn hơn { $mib } MiB: quá lớn để nhập (tệp bị hỏng hoặc là một quả bom zip); hãy mở tệp bằng Word hoặc LibreOffice rồi lưu lại, hoặc chia nhỏ văn bản
import-no-layout = thiếu bố cục có sẵn nd30
import-not-utf8 = văn bản không phải là UTF-8 (byte { $byte } không hợp lệ): hãy dùng --encoding tcvn3 hoặc vni, hoặc auto
import-pdf-malformed = không đọc được tệp PDF này (nội dung bị sai hỏng): hãy mở tệp bằng một trình xem PDF và in ra một tệp PDF mới, rồi nhập tệp đó
import-pdf-too-many-pages = tệp PDF này có { $count } trang; chỉ nhập được nhiều nhất { $max_pages } trang: hãy chia nhỏ tệp trước (ví dụ `qpdf in.pdf --pages . 1-{ $max_pages } -- part.pdf`)
import-pdf-too-many-glyphs = tệp PDF này vẽ hơn { $max } ký tự tính đến trang { $page }: bộ nhập dành cho văn bản, không phải sách; hãy chia nhỏ tệp trước
import-pdf-not-vietnamese = lớp chữ của tệp PDF này không đọc ra tiếng Việt ({ $syllables } trong { $words } từ là âm tiết tiếng Việt): nếu tệp được quét, hãy nhận dạng lại với ngôn ngữ tiếng Việt (ví dụ `ocrmypdf -l vie --force-ocr in.pdf out.pdf`); nếu phông chữ của tệp không có bảng mã Unicode, hãy xuất lại từ văn bản gốc
import-pdf-scanned = đây là tệp PDF được quét ({ $count } trang, chỉ có hình, không có lớp chữ): cần nhận dạng chữ (OCR) trước, ví dụ `ocrmypdf -l vie in.pdf out.pdf`, rồi nhập tệp out.pdf
import-pdf-no-text = tệp PDF này ({ $count } trang) hoàn toàn không có chữ
import-pdf-encrypted = tệp PDF này đã được mã hóa nên không đọc được chữ ({ $reason }): hãy mở tệp bằng mật khẩu và lưu một bản không mã hóa (ví dụ `qpdf --decrypt --password=… in.pdf out.pdf`), rồi nhập bản đó
import-pdf-broken = đây không phải là tệp PDF đọc được (cấu trúc bị hỏng): hãy mở tệp bằng một trình xem PDF và in ra một tệp PDF mới, rồi nhập tệp đó
import-warn-table-cells = { $count } khối ngắn từ đây trông như các ô của một bảng, nhưng không có cột số thứ tự (1, 2, 3 …) nên không biết các cột: giữ nguyên thành các đoạn văn; hãy tự tạo bảng
import-warn-deciding-line = đã bỏ `{ $t }`: bố cục tự in dòng quyết định này
import-warn-unnumbered-heading = `{ $text }` (một dòng ngắn không có dấu câu) được đọc là đề mục không đánh số; hãy kiểm tra lại
import-warn-issuer-guessed = phần đầu không có cơ quan ban hành: đoán là `{ $name }` vì được nhắc { $n } lần trong văn bản; hãy kiểm tra lại
import-warn-no-issuer = không tìm thấy cơ quan ban hành: hãy điền `issuer.name`
import-warn-no-type-name = không tìm thấy tên loại văn bản (BÁO CÁO, TỜ TRÌNH, …): coi là loại `{ $guessed }`
import-warn-no-number-line = không có dòng `Số:`: coi ký hiệu là `{ $s }` và để trống số
import-warn-no-place-date = không có dòng địa danh và ngày tháng: lấy địa danh `{ $p }` theo cơ quan ban hành, để trống ngày tháng
import-warn-after-signer = `{ $text }` sau tên người ký không thuộc phần nào của phần kết thúc: đặt làm đoạn cuối của nội dung; hãy chuyển đi chỗ khác
import-warn-no-position = không tìm thấy chức vụ của người ký: hãy điền `signature.position`
import-warn-no-signer-name = không tìm thấy họ tên người ký: hãy điền `signature.name`
import-warn-signing-note = đã bỏ `{ $t }` (một ghi chú ký): chỗ chữ ký thay cho ghi chú này
import-warn-appendix-header = đã bỏ `{ $text }` trong phần đầu của văn bản kèm theo: bố cục lặp lại phần đầu của văn bản
import-warn-appendix-trailing = `{ $text }` sau nội dung của phụ lục được đặt làm đoạn cuối của phụ lục; hãy kiểm tra lại
import-warn-appendix-empty = phụ lục không có nội dung: giữ tiêu đề của phụ lục làm nội dung; hãy điền vào
import-warn-blank-entry = `{ $path }`: đã bỏ một mục để trống
import-warn-image-page = trang { $page } là hình ảnh không có lớp chữ: thiếu chữ của trang này; hãy nhận dạng chữ (OCR) trước, ví dụ `ocrmypdf -l vie in.pdf out.pdf`
## Các chỗ đã sửa (src/import/repair.rs, docx, pdf).
import-repair-oi = ƣ (U+01A3, chữ oi) thay cho ư
import-repair-oi-upper = Ƣ (U+01A2, chữ OI) thay cho Ư
import-repair-eth-upper = Ð (U+00D0, chữ eth) thay cho Đ
import-repair-eth = ð (U+00F0, chữ eth) thay cho đ
import-repair-bullet-symbol = dấu đầu dòng riêng của phông (U+F0B7, phông Symbol) thay cho -
import-repair-bullet-wingdings = dấu đầu dòng riêng của phông (U+F0A7, phông Wingdings) thay cho -
import-repair-arrow-wingdings = mũi tên riêng của phông (U+F0D8, phông Wingdings) thay cho -
import-repair-bullet-wingdings-f076 = dấu đầu dòng riêng của phông (U+F076, phông Wingdings) thay cho -
import-repair-dash-symbol = gạch ngang riêng của phông (U+F02D, phông Symbol) thay cho -
import-repair-bullet = dấu chấm đầu dòng • thay cho -
import-repair-bom = dấu thứ tự byte (BOM) nằm giữa văn bản
import-repair-nfc = dấu thanh viết tách rời (NFD) đã được ghép lại (NFC)
import-repair-tab = ký tự tab (U+0009) đã đổi thành dấu cách
import-repair-invisible = đã xóa ký tự ẩn ({ $code })
import-repair-split-syllable = âm tiết bị tách bởi một dấu cách thừa, đã ghép lại
import-repair-nested = đã bỏ nội dung lồng nhau sâu hơn { $depth } cấp (bảng trong hộp văn bản trong bảng …)
import-repair-border-paragraph = đã bỏ đoạn trống có viền (một đường kẻ được vẽ)
import-repair-underscores = đã bỏ đường kẻ gõ bằng dấu gạch dưới
import-repair-line-shape = đã bỏ đường kẻ được vẽ (hình đường thẳng, không có chữ)
import-repair-picture = đã bỏ hình ảnh (không có chữ)
import-repair-shape = đã bỏ hình vẽ không có chữ
import-repair-page-number = đã bỏ số trang { $number } (bố cục tự đánh số trang)
import-repair-signing-stamp = đã bỏ dấu ký số (đó là thông tin của chữ ký, không phải nội dung văn bản)
import-repair-signed-note = đã bỏ ghi chú “(Đã ký …)” của bản sao
import-result-unwritable = không ghi được văn bản đã nhập thành JSON: { $reason }
## Giới hạn (src/import/mod.rs, src/import/docx/package.rs).
import-docx-too-many-entries = tệp DOCX này chứa { $count } mục nén zip; giới hạn là { $limit }
    .hint = đây không phải là văn bản Word mà vanban đọc được; hãy mở tệp bằng Word hoặc LibreOffice và lưu lại, hoặc nâng giới hạn: `Limits::max_source_objects` trong thư viện, `--limit max_source_objects=N` trên dòng lệnh
import-docx-unpacks-over = các phần của tệp DOCX khi giải nén vượt quá giới hạn (tại { $name }: tệp bị hỏng hoặc là một quả bom zip); giới hạn là { $limit }
    .hint = hãy mở tệp bằng Word hoặc LibreOffice và lưu lại, hoặc chia nhỏ văn bản, hoặc nâng giới hạn: `Limits::max_unpacked_bytes` trong thư viện, `--limit max_unpacked_bytes=N` trên dòng lệnh
import-docx-too-many-elements = phần { $name } của tệp DOCX chứa nhiều phần tử XML hơn giới hạn; giới hạn là { $limit }
    .hint = hãy chia nhỏ văn bản, hoặc nâng giới hạn: `Limits::max_source_objects` trong thư viện, `--limit max_source_objects=N` trên dòng lệnh
import-docx-too-many-paragraphs = phần văn bản chính của tệp DOCX ({ $name }) chứa nhiều đoạn văn hơn số phần tử một dữ liệu đầu vào được phép có; giới hạn là { $limit }
    .hint = hãy chia nhỏ văn bản, hoặc nâng giới hạn: `Limits::max_elements` trong thư viện, `--limit max_elements=N` trên dòng lệnh
import-docx-too-many-nodes = phần { $name } của tệp DOCX chứa nhiều nút XML hơn giới hạn; giới hạn là { $limit }
    .hint = hãy chia nhỏ văn bản, hoặc nâng giới hạn: `Limits::max_source_objects` trong thư viện, `--limit max_source_objects=N` trên dòng lệnh
import-text-too-large = văn bản có dung lượng { $size }; giới hạn là { $limit }
    .hint = tệp JSON tạo ra từ văn bản này còn lớn hơn nữa; hãy chia văn bản thành nhiều văn bản, hoặc nâng giới hạn: `Limits::max_input_bytes` trong thư viện, `--limit max_input_bytes=N` trên dòng lệnh
import-line-too-long = dòng { $line } dài { $size }; giới hạn là { $limit }
    .hint = hãy ngắt dòng thành các đoạn văn, hoặc nâng giới hạn: `Limits::max_string_bytes` trong thư viện, `--limit max_string_bytes=N` trên dòng lệnh
