# Thông báo của phần render. Tiếng Việt.

-raise-limit-render = hoặc nâng giới hạn: `Limits::{ $field }` trong thư viện, `--limit { $field }=N` trên dòng lệnh

## Đọc tệp (src/fsread.rs).

render-not-a-file = đây là { $what ->
        [fifo] một FIFO (đường ống có tên)
        [char-device] một thiết bị ký tự
        [block-device] một thiết bị khối
        [socket] một socket
        [directory] một thư mục
       *[other] một đối tượng
    }, không phải tệp thông thường: hãy chỉ định một tệp thông thường
render-file-over-limit = tệp có kích thước { $size }, vượt giới hạn { $limit }

## Bố cục (src/layout.rs, src/layout/geometry.rs).

render-layout-not-utf8 = tệp không phải văn bản UTF-8: hãy lưu dưới dạng JSON UTF-8
render-layout-style-missing = thiếu kiểu chữ này
render-layout-style-unknown = không có thành phần nào mang kiểu chữ này; các kiểu chữ là: { $known }
render-layout-text-size = { $size } pt không phải là cỡ chữ hợp lệ (4–72)
render-layout-line-height-range = { $value } không phải là khoảng cách dòng hợp lệ (0.8–3)
render-layout-ratio = { $value } không phải là tỷ lệ hợp lệ của chiều rộng (0.1–0.9)
render-layout-numbering = cần ít nhất một cấp đánh số
render-layout-template-missing = thiếu mẫu này
render-layout-template-long = mẫu dài { $bytes } byte; cho phép tối đa { $max }
render-layout-placeholders = mẫu có { $count } chỗ điền; cho phép tối đa { $max }
render-layout-not-a-value = `{"{{"}{ $name }{"}}"}` không phải là một giá trị của dòng này; dòng này có: { $values }
render-layout-top-margin = lề trên { $top } mm không đủ chỗ cho số trang ({ $size } pt); cần ít nhất { $least } mm
render-layout-line-height = một dòng cao { $line } pt (cỡ chữ × line_height) vượt quá một phần tư chiều cao vùng chữ; cho phép tối đa { $most } pt
render-layout-first-indent = dòng đầu bắt đầu cách lề { $first } mm (left_indent_mm + first_indent_mm); cho phép 0–{ $most } mm (hai phần ba chiều rộng vùng chữ)
render-layout-range = { $value } nằm ngoài phạm vi; cho phép: { $low }–{ $high } { $unit ->
        [mm] mm
        [pt] pt
        [of-the-line] của dòng
        [of-the-space] của chiều rộng ô chữ ký
        [of-the-signature] của hình chữ ký (tử số ≤ mẫu số)
        [denominator] (mẫu số)
        [times-size] × cỡ chữ
        [mm-signature] mm (tối đa 100, và 40 % chiều cao vùng chữ)
       *[other] { $unit }
    }
render-layout-margins = lề ({ $sides ->
        [left] trái + phải
       *[top] trên + dưới
    } = { $sum } mm) để lại ít hơn một nửa trong { $paper } mm của khổ giấy cho phần chữ; cho phép tổng cộng tối đa { $most } mm
render-layout-too-long = `{ $text }` dài { $count } ký tự; cho phép tối đa 8

## Phông chữ (src/text).

-embedding-instead = hãy dùng phông chữ có giấy phép cho phép nhúng (phông Liberation Serif có sẵn có độ rộng chữ như Times New Roman)
render-font-damaged = tệp phông chữ bị hỏng: { $reason }
render-font-unusable = không phải phông chữ TrueType/OpenType dùng được ({ $reason })
render-font-no-embedding = giấy phép của phông chữ cấm nhúng (OS/2 fsType: restricted licence embedding); tệp PDF hoặc DOCX làm bằng phông này không thể mang theo phông: { -embedding-instead }
render-font-no-subsetting = giấy phép của phông chữ cấm nhúng một phần (OS/2 fsType bit 8): { -embedding-instead }
render-font-bitmaps-only = giấy phép của phông chữ chỉ cho phép nhúng ảnh điểm (OS/2 fsType bit 9), trong khi PDF và DOCX nhúng đường nét chữ: { -embedding-instead }
render-font-cannot-read = không đọc được phông chữ: { $reason }
render-font-unusable-in-folder = không phải phông chữ TrueType/OpenType dùng được ({ $reason }); thư mục chỉ được chứa các tệp .ttf/.otf của bốn kiểu chữ: hãy xóa hoặc thay tệp này
render-font-two-faces = có hai tệp kiểu chữ { $face ->
        [regular] thường
        [bold] đậm
        [italic] nghiêng
       *[bold-italic] đậm nghiêng
    }: { $first } và { $second }; mỗi thư mục chỉ để một họ phông chữ
render-font-face-missing = không tìm thấy kiểu chữ { $face ->
        [regular] thường
        [bold] đậm
        [italic] nghiêng
       *[bold-italic] đậm nghiêng
    }; thư mục cần có đủ các tệp chữ thường, đậm, nghiêng và đậm nghiêng
render-font-four-faces = một bộ phông chữ cần đúng bốn kiểu chữ
render-font-no-vietnamese = phông chữ không có chữ tiếng Việt `{ $char }` ({ $code }); hãy dùng phông chữ hỗ trợ tiếng Việt
render-font-shaper = bộ dàn chữ không đọc được phông chữ này

## Bộ máy kết xuất (src/engine.rs).

render-no-layout-here = không có bố cục ở đây: mỗi bố cục là một thư mục chứa tệp layout.json
render-unknown-layout = không có bố cục `{ $name }`
render-known-layouts = các bố cục hiện có: { $layouts }
render-no-attachments = { $standard } không cho phép đính kèm tệp: muốn đính kèm tệp nguồn cần PDF/A-3 (--pdf-standard a-3a,ua-1, mặc định khi dùng --attach-source, hoặc a-3b)
render-no-creation-date = { $standard } cần ngày tạo tệp, nhưng không xác định được ngày nào cho văn bản
    .hint = hãy ghi `metadata.created` (ví dụ "2023-09-25"), hoặc `date`, hoặc kết xuất với --pdf-standard none

## Hình ảnh (src/picture.rs).

render-over-image-bytes = ảnh `{ $image }` có kích thước { $size }; giới hạn là { $limit }
    .hint = hãy lưu ảnh nhỏ hơn (ảnh PNG con dấu hoặc chữ ký chỉ cần dưới 1 MB), { -raise-limit-render(field: "max_image_bytes") }
render-image-cannot-read = không đọc được ảnh `{ $image }`: { $reason_vi }{ $reason ->
       *[other] {""}
    }
    .hint = đường dẫn ảnh tính từ thư mục của tệp đầu vào; hãy chỉ định một tệp PNG đọc được (nền trong suốt)
render-image-not-png = ảnh `{ $image }` không phải là tệp PNG dùng được: { $reason_vi }{ $reason ->
       *[other] {""}
    }
render-png-broken = { $what ->
        [ends-early] tệp kết thúc trước khi hết dữ liệu ảnh
        [broken] cấu trúc tệp bị hỏng
        [undecodable] không giải mã được tệp
       *[memory] cần quá nhiều bộ nhớ để giải mã
    }
    .hint = hãy lưu lại dưới dạng PNG (nền trong suốt)
render-png-signature = phần đầu tệp không phải là của một tệp PNG
    .hint = hãy lưu lại dưới dạng PNG (nền trong suốt)
render-png-no-end = tệp không có khối kết thúc (IEND): tệp bị cắt cụt
    .hint = hãy lưu lại dưới dạng PNG (nền trong suốt)
render-over-image-pixels = ảnh có { $width }×{ $height } = { $pixels } điểm ảnh; giới hạn là { $limit } điểm ảnh
    .hint = hãy thu nhỏ ảnh (con dấu rộng 40 mm ở 600 dpi là 950×950 điểm ảnh), { -raise-limit-render(field: "max_image_pixels") }
render-image-not-found = không tìm thấy ảnh `{ $image }` trong `{ $folder }`
    .hint = đường dẫn ảnh tính từ thư mục của tệp đầu vào và phải nằm trong thư mục đó (hoặc trong thư mục chỉ định bằng --assets); hãy đặt tệp PNG vào đó

## Đọc lại tệp PDF (src/pdf/extract.rs, src/pdf/scan).

render-pdf-streams = tệp PDF này có hơn { $limit } luồng dữ liệu; giới hạn là { $limit }
    .hint = hãy tách tệp, { -raise-limit-render(field: "max_source_objects") }
render-pdf-unpacked = các luồng dữ liệu của tệp PDF này khi giải nén vượt quá giới hạn (một "quả bom nén", hoặc nhiều hơn hẳn một văn bản thường có); giới hạn là { $limit }
    .hint = không thể đọc tệp này một cách an toàn, { -raise-limit-render(field: "max_unpacked_bytes") }
render-pdf-pages = tệp PDF này khai báo hơn { $most } { $what ->
        [pages] đối tượng trang
       *[kids] nút con của cây trang (mỗi nút là một trang hoặc một nhóm trang)
    }; giới hạn là { $limit } trang (gấp bốn lần, tính cả các lần sửa đổi)
    .hint = hãy tách tệp, { -raise-limit-render(field: "max_pages") }
render-pdf-uncountable = tệp PDF có luồng dữ liệu không đếm được: { $what }
    .hint = vanban đếm dung lượng giải nén của các luồng trong PDF trước khi đọc, và không đếm được luồng này; hãy in tệp ra một tệp PDF mới rồi dùng tệp đó
render-pdf-unreadable = đây không phải là tệp PDF đọc được ({ $why ->
        [malformed] cấu trúc tệp bị lỗi
        [encrypted] tệp đã được mã hóa
        [catalog] không có mục lục (catalog)
       *[broken] cấu trúc tệp bị hỏng
    })
render-pdf-no-source = tệp PDF này không có tệp nguồn đính kèm (`{ $name }`): tệp được kết xuất không có --attach-source, hoặc do chương trình khác tạo ra; hãy kết xuất lại văn bản bằng `vanban render --attach-source` để lưu trữ
render-pdf-other-attachments = tệp PDF này có tệp đính kèm ({ $names }) nhưng không có tệp nguồn của vanban (`{ $name }`)
render-pdf-source-no-stream = không đọc được tệp nguồn đính kèm: thiếu luồng dữ liệu của tệp
render-pdf-source-not-utf8 = tệp nguồn đính kèm không phải JSON: không phải văn bản UTF-8 (byte thứ { $byte } không hợp lệ); tệp không do `vanban render --attach-source` ghi ra
render-pdf-source-not-json = tệp nguồn đính kèm không phải JSON ({ $reason }); tệp không do `vanban render --attach-source` ghi ra
render-pdf-source-inflate = không giải nén được tệp nguồn đính kèm: { $reason }
render-pdf-source-encoding = tệp nguồn đính kèm được mã hóa bằng { $filters }: vanban ghi tệp dạng nén (FlateDecode) hoặc không nén; tệp không do `vanban render --attach-source` ghi ra
render-pdf-source-too-large = tệp nguồn đính kèm lớn hơn giới hạn đầu vào (đã đọc { $size }); giới hạn là { $limit }
    .hint = đây không phải là văn bản đầu vào mà vanban sẽ kết xuất, { -raise-limit-render(field: "max_input_bytes") }
render-pdf-attachment-tree = cây tệp đính kèm của tệp PDF này có nhiều nút và mục hơn giới hạn
    .hint = tệp không do vanban ghi ra, { -raise-limit-render(field: "max_source_objects") }

## Ghi tệp PDF và DOCX (src/pdf/write.rs, typeset.rs, src/docx, src/compose, src/batch.rs).

render-pdf-font = không nhúng được phông chữ: { $reason }
render-pdf-standard-broken = văn bản vi phạm chuẩn PDF: { $list_vi }{ $list ->
       *[other] {""}
    }
render-pdf-size-limit = vượt quá một giới hạn kích thước của PDF: { $limit }
render-pdf-writer = bộ ghi PDF bị lỗi: { $reason }
render-pdf-rule = { $what ->
        [notdef] một ký tự không có hình chữ trong phông (sẽ in ra thành ô vuông)
        [mapping] một hình chữ không ánh xạ ngược được về văn bản
        [private] văn bản có ký tự thuộc vùng dùng riêng, vốn không có nghĩa trong tài liệu lưu trữ
        [licence] giấy phép của một phông chữ cấm nhúng
        [long-string] một chuỗi siêu dữ liệu dài hơn 32767 byte
        [date] PDF/A cần ngày tạo tệp: hãy ghi `date` hoặc `metadata.created` cho văn bản, hoặc chọn --pdf-standard none
        [embedded] chuẩn PDF này không cho phép đính kèm tệp: muốn đính kèm tệp nguồn cần PDF/A-3 (--pdf-standard a-3a,ua-1 hoặc a-3b)
       *[other] { $rule }
    }
render-pdf-page-size = khổ trang { $width }×{ $height } không hợp lệ
render-pdf-attach-twice = không thể đính kèm tệp nguồn hai lần
render-pdf-configure = không thiết lập được { $standard }: { $reason }
render-pdf-image = không ghi được ảnh `{ $image }`: { $reason }
render-too-many-pages = văn bản dài hơn { $limit } trang; giới hạn là { $limit } trang
    .hint = hãy tách văn bản thành nhiều văn bản, { -raise-limit-render(field: "max_pages") }
render-docx-package = docx-rs không ghi được gói tệp: { $reason }
render-docx-zip = gói tệp DOCX: { $reason }
render-unknown-kind = không có loại văn bản `{ $kind }`
render-known-kinds = bố cục `{ $layout }` có các loại: { $kinds }
render-pdf-property = thuộc tính { $what ->
        [title] tiêu đề (title)
        [author] tác giả (author)
        [subject] chủ đề (subject)
       *[keywords] từ khóa (keywords)
    } của PDF sẽ dài { $bytes } byte; mỗi chuỗi trong PDF dài tối đa { $max } byte
    .hint = hãy rút ngắn: thuộc tính văn bản chỉ dành cho một tiêu đề, một tên, vài từ khóa
render-batch-threads = không khởi động được các luồng xử lý: { $reason }
render-batch-grew = { $file }: tệp lớn thêm trong khi đang đọc
render-batch-committer = bộ ghi của lô dừng trước khi ghi hết các văn bản: chạy lại lô (với --changed-only, chỉ những văn bản còn thiếu được kết xuất)

## Lưu ý (src/compose/created.rs): ngày tạo tệp lấy từ đâu khi văn bản để trống ngày.

render-note-epoch = văn bản để trống ngày: ngày tạo tệp lấy theo SOURCE_DATE_EPOCH ({ $seconds })
render-note-epoch-bad = văn bản để trống ngày và SOURCE_DATE_EPOCH không phải là số giây: ngày tạo tệp là thời điểm hiện tại
render-note-now = văn bản để trống ngày: ngày tạo tệp là thời điểm hiện tại (hãy ghi `metadata.created`, hoặc đặt SOURCE_DATE_EPOCH, để tệp tạo ra luôn giống hệt nhau)
render-batch-collision = { $names_vi }{ $names ->
       *[other] {""}
    } sẽ được ghi vào cùng các tệp kết quả (tên chỉ khác nhau ở chữ hoa chữ thường, hoặc ở các byte không phải UTF-8): hãy đổi tên, chỉ giữ lại một tệp; chưa văn bản nào được kết xuất
render-output-half-replaced = { $names } đã được thay bằng bản mới, nên các tệp kết quả giờ đến từ những lần kết xuất khác nhau: hãy khắc phục nguyên nhân rồi kết xuất lại{ $reason ->
       *[other] {""}
    }
