# Thông báo của phần input (src/input: đọc và kiểm tra tệp JSON). Tiếng Việt.
# Giữ nguyên trong dấu `…` các khóa JSON, tên tùy chọn và giá trị trích từ văn bản.

-raise-limit = hoặc nâng giới hạn: `Limits::{ $field }` trong thư viện, `--limit { $field }=N` trên dòng lệnh

## Giải mã JSON (src/input/mod.rs, serde_msg.rs).

input-not-utf8 = tệp được mã hóa { $encoding }, không phải UTF-8
    .hint = hãy lưu tệp dưới dạng UTF-8 (bảng mã chuẩn của JSON)
input-json-eof = tệp JSON kết thúc quá sớm ({ $what ->
        [eof-list] chưa đóng một mảng `[`
        [eof-object] chưa đóng một đối tượng `{"{"}`
        [eof-string] chưa đóng một chuỗi `"`
        [eof-value] thiếu một giá trị
       *[other] { $detail }
    })
input-json-syntax = JSON không hợp lệ ({ $what ->
        [colon] thiếu dấu `:`
        [comma-list] thiếu dấu `,` hoặc `]`
        [comma-object] thiếu dấu `,` hoặc `{"}"}`
        [ident] có một từ không hợp lệ
        [value] thiếu một giá trị
        [quote] thiếu dấu `"`
        [escape] một chuỗi thoát `\` không hợp lệ
        [number] một số không hợp lệ
        [number-range] một số vượt quá phạm vi cho phép
        [code-point] một mã ký tự Unicode không hợp lệ
        [control] có ký tự điều khiển (\u0000-\u001F) trong một chuỗi
        [key-string] khóa phải là một chuỗi
        [surrogate] một nửa cặp thay thế (surrogate) đứng một mình trong chuỗi thoát `\u`
        [trailing-comma] thừa dấu phẩy ở cuối
        [trailing] còn ký tự thừa sau khi kết thúc JSON
        [hex-end] chuỗi thoát `\u` kết thúc giữa chừng
       *[other] { $detail }
    })
input-json-too-deep = tệp JSON lồng nhau sâu quá 128 cấp
input-json-invalid-type = giá trị sai kiểu: ở đây là { $found_kind ->
        [string] chuỗi { $found_value }
        [integer] số nguyên { $found_value }
        [float] số thực { $found_value }
        [boolean] giá trị logic { $found_value }
        [character] ký tự { $found_value }
        [null] `null`
        [sequence] một mảng
        [map] một đối tượng
        [number] một số
       *[other] { $found }
    }, cần { $expected_kind ->
        [string] một chuỗi
        [sequence] một mảng
        [boolean] `true` hoặc `false`
        [object] một đối tượng
        [integer] một số nguyên
        [unsigned] một số nguyên không âm
        [number] một số
        [variant] một giá trị trong danh sách
        [field] tên một trường
        [json] một giá trị JSON
        [date] một ngày dạng "YYYY-MM-DD", {"{"}"year": YYYY{"}"} hoặc null
        [data] một đối tượng chứa các giá trị cho chỗ điền {"{{"}…{"}}"}
        [block] một khối: một chuỗi, một mảng các đoạn chữ, hoặc một đối tượng có một trong các khóa `paragraph`, `heading`, `article`, `list`, `table`, `center`, `chapter`, `page_break`
        [item] một mục danh sách: một chuỗi, một mảng các đoạn chữ, hoặc {"{"}"text": …, "list": [các mục]{"}"}
        [text] văn bản: một chuỗi, hoặc một mảng các đoạn chữ (chuỗi hoặc {"{"}"text": …, "bold": true{"}"})
        [run] một đoạn chữ: một chuỗi hoặc {"{"}"text": …, "bold"/"italic"/"underline": true{"}"}
       *[other] { $expected }
    }
input-json-invalid-value = giá trị không hợp lệ: { $found_kind ->
        [string] chuỗi { $found_value }
        [integer] số nguyên { $found_value }
        [float] số thực { $found_value }
        [boolean] giá trị logic { $found_value }
        [character] ký tự { $found_value }
        [null] `null`
        [sequence] một mảng
        [map] một đối tượng
        [number] một số
       *[other] { $found }
    }, cần { $expected_kind ->
        [string] một chuỗi
        [sequence] một mảng
        [boolean] `true` hoặc `false`
        [object] một đối tượng
        [integer] một số nguyên
        [unsigned] một số nguyên không âm
        [number] một số
        [variant] một giá trị trong danh sách
        [field] tên một trường
        [json] một giá trị JSON
        [date] một ngày dạng "YYYY-MM-DD", {"{"}"year": YYYY{"}"} hoặc null
       *[other] { $expected }
    }
input-json-invalid-length = độ dài { $length } không đúng, cần { $expected_kind ->
        [sequence] một mảng
       *[other] { $expected }
    }
input-json-unknown-field = không có trường `{ $field }` ở đây; { $known ->
        [none] đối tượng này không có trường nào
       *[other] các trường được dùng: { $known }{ $tail ->
           *[other] {""}
        }
    }
input-json-unknown-variant = không nhận giá trị `{ $value }`; { $known ->
        [none] ở đây không có giá trị nào được nhận
       *[other] các giá trị được nhận: { $known }{ $tail ->
           *[other] {""}
        }
    }
input-json-missing-field = thiếu trường `{ $field }`
input-json-duplicate-field = trường `{ $field }` xuất hiện hai lần
input-json-other = dữ liệu không đúng dạng: { $text }

input-hint-eof = tệp bị cắt cụt: hãy kiểm tra mọi dấu {"{"} [ và " đều đã được đóng
input-hint-too-deep = hãy giảm số cấp lồng nhau; vanban đọc JSON sâu tối đa 128 cấp, các mục và danh sách sâu tối đa `Limits::max_depth` ({ $max_depth }) cấp
input-hint-escape = chuỗi thoát `\uXXXX` gồm bốn chữ số hệ 16, và một mã trong khoảng D800–DFFF (một nửa cặp thay thế) phải đi liền với nửa còn lại, ví dụ `\ud83d\ude00`; tốt hơn là viết thẳng ký tự đó
input-hint-not-utf8 = tệp không phải UTF-8: hãy lưu tệp dưới dạng UTF-8 (`vanban import --encoding` đọc được văn bản TCVN3 và VNI)
input-hint-control = ký tự điều khiển (tab, xuống dòng) trong một chuỗi phải được viết dạng thoát (`\t`, `\n`); phần lớn vẫn bị từ chối: hãy xóa nó đi
input-hint-syntax = hãy sửa cú pháp JSON tại dòng và cột này
input-hint-read = hãy kiểm tra tệp có đọc được không
input-hint-missing-key = hãy thêm khóa còn thiếu; spec/input.md liệt kê các khóa bắt buộc
input-hint-remove-key = hãy xóa khóa này: khóa lạ bị từ chối để một lỗi gõ không làm mất nội dung mà không ai hay; giá trị riêng của bạn hãy đặt trong `data`
input-hint-rename-key = hãy đổi tên (có phải ý bạn là `{ $suggestion }`?); khóa lạ bị từ chối để một lỗi gõ không làm mất nội dung mà không ai hay; giá trị riêng của bạn hãy đặt trong `data`
input-hint-variant = hãy dùng một trong các giá trị đã liệt kê
input-hint-variant-suggest = hãy dùng một trong các giá trị đã liệt kê (có phải ý bạn là `{ $suggestion }`?)
input-hint-twice = chỉ giữ lại một: các chương trình đọc JSON không thống nhất giá trị nào được tính
input-hint-null = không được dùng `null` ở đây: hãy ghi giá trị (spec/input.md nêu những khóa được để null hoặc bỏ trống)
input-hint-array = hãy viết một mảng (`[…]`), kể cả khi chỉ có một phần tử
input-hint-string = hãy viết giá trị dưới dạng chuỗi trong dấu nháy kép
input-hint-date = hãy ghi một ngày có thật theo dạng YYYY-MM-DD (hoặc {"{"}"year": YYYY{"}"}, hoặc null để bỏ trống)
input-hint-spec = xem spec/input.md (hoặc `vanban schema`) để biết dạng cần ghi

## Các dạng của văn bản đầu vào (src/input/de.rs).

input-key-twice = khóa `{ $key }` xuất hiện hai lần
input-unknown-block-key = khóa `{ $key }` không có trong một khối: một khối là một chuỗi, một mảng các đoạn chữ, hoặc một đối tượng có một trong các khóa `paragraph`, `heading`, `article`, `list`, `table`, `center`, `chapter`, `page_break`
input-block-forms = mỗi khối chỉ có một dạng, khối này có { $keys }{ $forms ->
       *[other] {""}
    }: hãy tách thành nhiều khối
input-key-not-of-block = khóa `{ $key }` không thuộc về khối dạng { $form }
input-page-break-false = `page_break` phải là true: muốn không ngắt trang thì xóa khối này
input-empty-block = khối trống: một khối là một chuỗi, một mảng các đoạn chữ, hoặc một đối tượng có một trong các khóa `paragraph`, `heading`, `article`, `list`, `table`, `center`, `chapter`, `page_break`
input-unknown-item-key = khóa `{ $key }` không có trong một mục danh sách: mục danh sách dạng đối tượng có `text`, `list` và `marker`
input-marker-without-list = `marker` thuộc về `list` của mục, nhưng mục không có `list`
input-unknown-marker = ký hiệu đầu dòng `{ $marker }` không được nhận: hãy dùng `-`, `+`, `a)` hoặc `1.`
input-year-out-of-range = năm { $year } nằm ngoài phạm vi cho phép (1900–9999)
input-date-form = ngày tháng `{ $date }` không hợp lệ: hãy ghi theo dạng YYYY-MM-DD, ví dụ 2023-09-25
input-date-month = ngày tháng `{ $date }` không hợp lệ: không có tháng { $month }
input-date-day = ngày tháng `{ $date }` không hợp lệ: tháng { $month } năm { $year } chỉ có { $days } ngày
input-timestamp-form = thời điểm `{ $timestamp }` không hợp lệ: hãy ghi YYYY-MM-DD hoặc YYYY-MM-DDTHH:MM:SS+07:00, ví dụ 2023-09-25T08:30:00+07:00

## Giới hạn (src/input/limits.rs và các bước kiểm tra).

input-limit-not-number = `{ $value }` không phải là một số (kích thước có thể kết thúc bằng K, M hoặc G)
input-limit-too-large = { $value } quá lớn
input-limit-unknown = không có giới hạn `{ $name }`; các giới hạn là { $names }
input-over-input-bytes = tệp đầu vào có kích thước { $size }; giới hạn là { $limit }
    .hint = hãy tách văn bản thành nhiều văn bản, { -raise-limit(field: "max_input_bytes") }
input-over-depth = chỗ này lồng sâu { $depth } cấp; giới hạn là { $limit }
    .hint = hãy giảm số cấp lồng nhau (nội dung của một mục, các mục của một danh sách), { -raise-limit(field: "max_depth") }
input-over-elements = đây là phần tử thứ { $element } của văn bản (mỗi khối, mục danh sách, ô bảng, dòng và đoạn chữ tính là một); giới hạn là { $limit }
    .hint = hãy tách văn bản thành nhiều văn bản, { -raise-limit(field: "max_elements") }
input-over-data-values = đây là giá trị thứ { $value } của `data` (mỗi chuỗi, số, mảng và đối tượng tính là một); giới hạn là { $limit }
    .hint = chỉ giữ trong `data` những giá trị mà các chỗ điền dùng đến, { -raise-limit(field: "max_data_values") }
input-over-signers = văn bản có { $count } người ký; giới hạn là { $limit }
    .hint = văn bản liên tịch thường có hai hoặc ba người ký: hãy ký riêng các bản của những người còn lại, { -raise-limit(field: "max_signers") }
input-over-pages = với { $what ->
        [appendix] phụ lục
       *[page-break] chỗ ngắt trang
    } này, trang { $page } bắt đầu; giới hạn là { $limit } trang
    .hint = hãy tách văn bản thành nhiều văn bản, { -raise-limit(field: "max_pages") }
input-over-columns = bảng có { $count } cột; giới hạn là { $limit }
    .hint = hãy tách bảng, hoặc xoay bảng (đổi hàng thành cột), { -raise-limit(field: "max_table_columns") }
input-over-rows = bảng có { $count } hàng; giới hạn là { $limit }
    .hint = hãy tách bảng, hoặc đưa số liệu vào một phụ lục riêng, { -raise-limit(field: "max_table_rows") }
input-over-string = đoạn văn bản dài { $size }; giới hạn là { $limit }
    .hint = hãy tách thành nhiều đoạn (hoặc nhiều ô), { -raise-limit(field: "max_string_bytes") }
input-over-filled-total = điền các chỗ điền của đoạn này làm tổng số chữ điền từ `data` vượt giới hạn kích thước đầu vào; giới hạn là { $limit }
    .hint = hãy dùng các giá trị ngắn hơn trong `data`, { -raise-limit(field: "max_input_bytes") }
input-over-filled = sau khi điền các chỗ điền, đoạn văn bản dài hơn { $size }; giới hạn là { $limit }
    .hint = hãy dùng các giá trị ngắn hơn trong `data`, { -raise-limit(field: "max_string_bytes") }

## Kiểm tra nội dung (src/input/check.rs).

input-more-problems = và { $count } lỗi khác
    .hint = hãy sửa các lỗi ở trên trước
input-body-empty = phần nội dung văn bản trống
    .hint = văn bản cần có ít nhất một đoạn
input-language-tag = `{ $tag }` không phải là mã ngôn ngữ BCP 47
    .hint = hãy ghi một mã như "vi", "vi-VN" hoặc "en-US" (chữ cái, chữ số và `-`, tối đa { $max } ký tự), hoặc bỏ trống để dùng vi-VN
input-type-name-missing = văn bản ban hành kèm theo (`form: attached`) cần có tên loại văn bản
    .hint = hãy thêm "type_name": "QUY CHẾ" (hoặc QUY ĐỊNH, ĐIỀU LỆ, …)
input-appendix-empty = phụ lục trống
    .hint = hãy ghi ít nhất một đoạn, hoặc xóa phụ lục
input-no-signer = văn bản chưa có người ký
    .hint = hãy thêm "signature": {"{"}"position": …, "name": …{"}"}
input-seal-width = con dấu rộng { $width } mm nằm ngoài phạm vi cho phép
    .hint = hãy ghi chiều rộng khi in của con dấu theo milimét, từ 10 đến 80 (dấu tròn thường 30–42)
input-seal-signer = không có người ký ở vị trí { $signer }: văn bản có { $count } người ký
    .hint = người ký được đếm từ 0, từ trái sang phải
input-list-empty = danh sách trống
    .hint = hãy xóa danh sách này
input-table-no-columns = bảng không có cột nào
input-column-width = độ rộng cột { $width } không phải là số dương
    .hint = độ rộng là tương đối: 1, 2, 0.5 …
input-row-cells = hàng có { $cells } ô nhưng bảng có { $columns } cột
    .hint = mỗi hàng cần đúng một ô cho mỗi cột ("" cho ô trống)
input-text-empty = đoạn văn bản trống
    .hint = hãy xóa mục này: khoảng cách do bố cục quyết định
input-value-empty = giá trị đang để trống
    .hint = hãy điền giá trị
input-character-not-allowed = không được dùng { $what ->
        [control] ký tự điều khiển
       *[invisible] ký tự định dạng vô hình
    } { $code }{ $name } ở đây
    .hint = hãy xóa ký tự này; việc xuống dòng do bố cục đảm nhận, còn hướng chữ và nối chữ do phông chữ đảm nhận
input-fonts-cannot-draw = phông chữ không vẽ được ký tự `{ $char }` ({ $code })
    .hint = hãy xóa hoặc thay ký tự này, hoặc dùng phông chữ có ký tự đó (--fonts THƯ_MỤC)

## Chỗ điền (src/input/template.rs, check.rs).

input-hint-placeholder = hãy thêm giá trị vào `data`, hoặc viết `\{"{{"}` nếu muốn in dấu ngoặc nhọn
input-placeholder-not-text = chỗ điền `{"{{"}{ $name }{"}}"}` trong `data` là { $kind ->
        [null] null
        [array] một mảng
       *[object] một đối tượng
    }; chỉ điền được văn bản, số hoặc true/false
    .hint = hãy ghi giá trị dưới dạng văn bản (một chuỗi), hoặc chỉ rõ một trường của nó: `{"{{"}a.b{"}}"}`
input-placeholder-missing = chỗ điền `{"{{"}{ $name }{"}}"}` chưa có giá trị trong `data`
input-template-missing = chỗ điền `{"{{"}{ $name }{"}}"}` chưa có giá trị
input-template-not-text = chỗ điền `{"{{"}{ $name }{"}}"}` là { $kind ->
        [null] null
        [array] một mảng
       *[object] một đối tượng
    }; chỉ điền được văn bản, số hoặc true/false
input-template-too-long = văn bản sau khi điền dài hơn { $max } byte
input-template-has = chỉ điền các chỗ điền đơn giản `{"{{"}tên{"}}"}`; đoạn này có { $what ->
        [raw-block] một khối thô (`{"{{{{"}…{"}}}}"}`)
        [block] một khối (`{"{{"}#…{"}}"}`)
        [block-end] chỗ kết thúc một khối (`{"{{"}/…{"}}"}`)
        [inverted] một khối đảo (`{"{{"}^…{"}}"}`)
        [partial] một khuôn con (`{"{{"}>…{"}}"}`)
        [decorator] một bộ trang trí (`{"{{"}*…{"}}"}`)
        [comment] một chú thích (`{"{{"}!…{"}}"}`)
        [sub-expression] một biểu thức con (`{"{{"}(…){"}}"}`)
        [at-variable] một biến `@`
        [unclosed] một dấu `{"{{"}` không được đóng (viết `\{"{{"}` nếu muốn in dấu ngoặc nhọn)
        [unclosed-bracket] một dấu `[` không được đóng
        [empty] một chỗ điền trống `{"{{}}"}`
        [else] một `{"{{"}else{"}}"}` của khối
       *[helper] một lời gọi hàm (một tên theo sau là các đối số)
    } (tại ký tự thứ { $at })
input-template-name-is = chỉ điền các chỗ điền đơn giản `{"{{"}tên{"}}"}`; `{"{{"}{ $name }{"}}"}` là { $what ->
        [parent] một đường dẫn lên cấp trên (`../`)
        [not-name] không phải là một tên
       *[not-name-chars] không phải là một tên (chữ cái, chữ số, `-`, `_`, `$`, `:`)
    } (tại ký tự thứ { $at })
