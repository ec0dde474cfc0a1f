# Thông báo của phần sign. Tiếng Việt.
## Khóa và chứng thư số (src/sign/keys.rs).
sign-key-not-pkcs8 = { $file }: khóa bí mật không phải là khóa PKCS#8 ({ $reason }): hãy xuất lại tệp khóa
sign-rsa-key-unreadable = { $file }: không đọc được khóa bí mật RSA: { $reason }
sign-ec-key-not-p256 = { $file }: khóa đường cong elliptic không phải là khóa P-256 ({ $reason }): chỉ khóa RSA và khóa P-256 mới ký được
sign-key-type-unsupported = { $file }: khóa bí mật thuộc loại { $oid }, vanban không ký được bằng loại khóa này: hãy dùng khóa RSA hoặc khóa P-256 (ECDSA)
sign-key-no-certificate-add = { $file }: không có chứng thư số cho khóa bí mật: hãy thêm chứng thư số của người ký vào tệp
sign-key-certificate-mismatch = { $file }: khóa bí mật không phải là khóa của chứng thư số cấp cho { $who }: hãy xuất khóa cùng với chính chứng thư số của nó
sign-no-certificate = không có chứng thư số
sign-rsa-cannot-sign = khóa RSA không ký được: { $reason }
sign-p256-cannot-sign = khóa P-256 không ký được: { $reason }
sign-wrong-password = sai mật khẩu của tệp { $file }: hãy nhập đúng mật khẩu đã đặt khi xuất tệp
sign-not-pkcs12 = { $file } không phải là tệp PKCS#12 (.p12, .pfx) ({ $reason }): hãy dùng tệp khóa được xuất kèm chứng thư số
sign-wrong-password-decrypt = sai mật khẩu của tệp { $file } (không giải mã được): hãy nhập đúng mật khẩu đã đặt khi xuất tệp
sign-pkcs12-unreadable = { $file }: không đọc được tệp PKCS#12 ({ $reason }): hãy xuất lại tệp với mã hóa AES hoặc 3DES
sign-key-no-certificate-export = { $file }: không có chứng thư số cho khóa bí mật: hãy xuất khóa kèm chứng thư số
sign-p12-no-key = { $file } không chứa khóa bí mật (chỉ có chứng thư số?): hãy xuất khóa kèm chứng thư số
sign-certificate-unreadable = { $file }: không đọc được một chứng thư số: { $reason }
sign-certificate-not-pem-der = { $file } không phải là chứng thư số dạng PEM hay DER ({ $reason }): hãy đưa chuỗi chứng thư số ở dạng PEM
sign-certificate-no-end = { $file }: chứng thư số thứ { $number } không có dòng END: tệp bị cắt cụt
sign-certificate-n-unreadable = { $file }: không đọc được chứng thư số thứ { $number }: { $reason }
sign-certificate-none = { $file } không chứa chứng thư số nào (không có khối BEGIN CERTIFICATE): hãy đưa chuỗi chứng thư số ở dạng PEM
sign-certificate-date-range = ngày tháng của chứng thư số nằm ngoài phạm vi cho phép
sign-certificate-usage = { $file }: chứng thư số của { $who } không được phép ký văn bản (mục đích sử dụng khóa không có digitalSignature hay nonRepudiation): hãy dùng chứng thư số dành cho ký số
sign-certificate-usage-damaged = { $file }: chứng thư số của { $who } có phần mở rộng mục đích sử dụng khóa bị hỏng ({ $reason })
sign-certificate-not-yet-valid = { $file }: chứng thư số của { $who } chưa có hiệu lực trước { $date }: hãy kiểm tra đồng hồ của máy, hoặc chờ đến thời điểm đó
sign-certificate-expired = { $file }: chứng thư số của { $who } đã hết hạn ngày { $date }: hãy gia hạn chứng thư số, hoặc vẫn ký bằng --allow-expired
sign-certificate-encode = không mã hóa được chứng thư số: { $reason }
## Hình chữ ký, CMS (src/sign/appearance.rs, src/sign/cms.rs, src/sign/mod.rs).
sign-image-not-png = { $image ->
    [seal] hình con dấu
   *[other] hình chữ ký
  } không phải là tệp PNG dùng được: { $reason }
sign-image-undecodable = { $image ->
    [seal] không giải mã được hình con dấu
   *[other] không giải mã được hình chữ ký
  }: hãy lưu lại thành tệp PNG (nền trong suốt)
sign-image-too-large = { $image ->
    [seal] hình con dấu
   *[other] hình chữ ký
  } quá lớn, không giải mã được: hãy thu nhỏ hình
sign-image-palette = { $image ->
    [seal] hình con dấu
   *[other] hình chữ ký
  } dùng bảng màu không mở rộng được: hãy lưu lại thành tệp PNG màu RGB
sign-appearance-compress = không nén được luồng hình hiển thị của chữ ký: { $reason }
sign-text-character = dòng chữ của chữ ký `{ $line }` có ký tự { $code } mà phông chữ có sẵn không vẽ được: hãy bỏ ký tự đó
sign-font-unreadable = không đọc được phông chữ có sẵn: { $reason }
sign-cms-not-pem = chữ ký không phải là tệp CMS dạng PEM: { $reason }
sign-raw-no-certificate = không có chứng thư số: hãy đưa chuỗi chứng thư số của người ký (--cert CHAIN.pem)
sign-raw-mismatch = chữ ký không khớp: chữ ký không được tạo bằng khóa của `{ $who }` trên các thuộc tính được ký của tệp PDF đã chuẩn bị này (trường { $field })
sign-curve-unsupported = khóa của chứng thư số dùng đường cong elliptic { $curve }: chỉ khóa P-256 (và RSA) mới ký được; hãy dùng chứng thư số có khóa RSA hoặc P-256
sign-certificate-key-type = khóa của chứng thư số thuộc loại { $oid }: chỉ khóa RSA và P-256 (ECDSA) mới ký được; hãy dùng chứng thư số có khóa RSA hoặc P-256
sign-cannot-encode = không mã hóa được { $what }: { $reason }
sign-attributes-not-der = các thuộc tính được ký không phải là một SET thuộc tính dạng DER ({ $reason }): hãy ký đúng các byte mà `prepare` đưa ra, không sửa đổi
sign-attributes-order = các thuộc tính được ký không ở dạng DER (SET OF sai thứ tự): hãy ký đúng các byte mà `prepare` đưa ra, không sửa đổi
sign-no-certificate-to-sign = không có chứng thư số để ký: hãy đưa chứng thư số của người ký (và chuỗi chứng thư số)
sign-timestamp-token-not-der = dấu thời gian không ở dạng DER ({ $reason }): câu trả lời của máy chủ cấp dấu thời gian bị hỏng
sign-chain-unstorable = không lưu được chuỗi chứng thư số ({ $reason }): có chứng thư số nào bị đưa hai lần không?
sign-signature-certificate-mismatch = chữ ký không khớp với chứng thư số của người ký: khóa và chứng thư số không đi cùng một cặp; hãy đưa chứng thư số của đúng khóa dùng để ký
sign-key-without-certificate = khóa không có chứng thư số: hãy đưa chứng thư số của người ký (và chuỗi chứng thư số)
sign-reserve-range = chỗ dành cho chữ ký { $reserve } byte nằm ngoài phạm vi cho phép: hãy chọn từ 1 đến { $max_reserve } byte (--reserve; một chuỗi PDF/A chứa được nhiều nhất { $max_reserve } byte)
sign-write-failed = không ghi được tệp PDF đã ký: { $reason }
sign-pdf-too-large = tệp PDF quá lớn để ký (trên 9 GB)
sign-reservation-mismatch = chỗ dành cho chữ ký trong tệp PDF không khớp với /ByteRange của nó (tệp đã bị sửa sau `vanban sign --prepare`): hãy chuẩn bị lại tệp
sign-cms-empty = chữ ký (CMS) rỗng
sign-cms-too-large = chữ ký (CMS) dài { $size } byte, lớn hơn { $room } byte đã dành cho nó: hãy chuẩn bị lại tệp PDF với --reserve lớn hơn (nhiều nhất { $max_reserve })
sign-attachment-lines = chữ ký của phụ lục, bản điện tử chỉ hiện nhiều nhất { $max_lines } dòng ngoài tên và thời gian, không phải { $count }: hãy giữ lại địa chỉ thư điện tử hoặc số, ký hiệu
sign-text-too-long = { $what ->
    [reason] lý do ký
    [location] nơi ký
    [field] tên trường
    [agency] tên cơ quan
   *[other] một dòng của chữ ký
  } dài { $count } ký tự, nhiều hơn { $max_text } ký tự cho phép của dòng chữ trên chữ ký: hãy rút gọn
sign-encrypted = tệp PDF đã được mã hóa (có mật khẩu bảo vệ), không ký được tệp PDF đã mã hóa ở đây: hãy ký tệp PDF do `vanban render` tạo ra, trước khi bảo vệ tệp
sign-unreadable = tệp không phải là tệp PDF đọc được (bị hỏng hoặc bị cắt cụt): hãy ký tệp PDF do `vanban render` tạo ra
sign-damaged = tệp PDF bị hỏng (bảng tham chiếu chéo không khớp với nội dung): hãy ký tệp PDF do `vanban render` tạo ra, giữ nguyên như khi tạo
sign-not-vanban = tệp PDF không do vanban tạo ra (Producer và Creator của tệp không ghi vanban): vanban chỉ ký các tệp PDF do chính nó tạo ra, vì biết chỗ dành cho chữ ký trong đó; hãy tạo văn bản bằng `vanban render` trước
sign-unfinished = tệp PDF có một chữ ký đã chuẩn bị nhưng chưa hoàn tất (/Contents vẫn toàn số 0): hãy hoàn tất trước (`vanban sign --finish`), hoặc ký tệp PDF từ trước bước đó
sign-internal = không tìm thấy { $what } trong tệp PDF đã ký vừa ghi (lỗi của vanban): xin hãy báo lỗi này
sign-not-prepared = tệp PDF không có chỗ dành cho chữ ký để điền vào: hãy đưa tệp PDF do `vanban sign --prepare` tạo ra
sign-seal-size = con dấu rộng { $mm } mm nằm ngoài phạm vi cho phép: hãy chọn từ 10 đến 80 mm (--seal-mm; con dấu tròn thường rộng 36 mm)
sign-no-page = tệp PDF không có trang 1 để ký: hãy tạo lại tệp
sign-no-such-field = tệp PDF không có trường chữ ký `{ $want }`; các trường của tệp: { $fields }
sign-field-signed = trường chữ ký `{ $want }` đã được ký: hãy chọn trường khác (--field); các trường của tệp PDF: { $fields }
sign-no-free-field = tệp PDF không còn trường chữ ký nào chưa ký (các trường của tệp: { $fields }): hãy tạo văn bản có người ký, hoặc ký với tư cách cơ quan (--agency)
sign-field-no-size = trường chữ ký `{ $field }` không có kích thước dùng được trên trang (/Rect của nó là { $rect }): hãy tạo lại văn bản
sign-field-no-page = trường chữ ký (đối tượng { $object }) không nằm trên trang nào trong { $pages } trang của tệp PDF (trang của nó nằm ngoài phạm vi): hãy tạo lại văn bản
sign-structure-update = không cập nhật được biểu mẫu hoặc cấu trúc trang của tệp PDF ({ $reason }): hãy tạo lại văn bản
sign-no-seal-target = tệp PDF không có trường của người ký { $name }để đóng dấu lên (các trường của tệp: { $fields }): hãy tạo văn bản có người ký trước
sign-timestamp-invalid = dấu thời gian không hợp lệ: { $what }
sign-nonce = không tạo được số nonce: { $reason }
sign-timestamp-request = không tạo được yêu cầu cấp dấu thời gian: { $reason }
sign-tsa-not-rfc3161 = máy chủ cấp dấu thời gian { $url } không trả lời bằng một phản hồi dấu thời gian RFC 3161 ({ $reason }): đây có phải là máy chủ cấp dấu thời gian không?
sign-tsa-no-token = máy chủ cấp dấu thời gian { $url } chấp nhận yêu cầu nhưng không gửi dấu thời gian
sign-tsa-token-bad = dấu thời gian từ { $url }: { $reason }
sign-tsa-answer-bad = từ máy chủ cấp dấu thời gian { $url }: { $reason }
sign-tsa-imprint = máy chủ cấp dấu thời gian { $url } đã đóng dấu dữ liệu khác với dữ liệu được gửi (giá trị băm trong dấu thời gian khác): đừng dùng máy chủ này
sign-tsa-nonce = máy chủ cấp dấu thời gian { $url } trả lời bằng dấu thời gian của một yêu cầu khác (số nonce khác): hãy thử lại, hoặc dùng máy chủ khác
sign-tsa-https = máy chủ cấp dấu thời gian { $url } dùng https: hiện mới hỗ trợ máy chủ cấp dấu thời gian http://; hãy đưa địa chỉ http:// của máy chủ (dấu thời gian đã được ký, không cần TLS)
sign-tsa-not-http = máy chủ cấp dấu thời gian { $url } không phải là địa chỉ http://: hãy ghi theo dạng http://host[:port]/path
sign-tsa-unreachable = không kết nối được máy chủ cấp dấu thời gian { $url }: { $reason }; hãy kiểm tra địa chỉ và mạng, hoặc ký không có --tsa (không có dấu thời gian)
sign-tsa-http-status = máy chủ cấp dấu thời gian { $url } trả lời HTTP { $status }: hãy kiểm tra địa chỉ, hoặc ký không có --tsa
sign-tsa-answer-unreadable = không đọc được câu trả lời của máy chủ cấp dấu thời gian { $url }: { $reason }
sign-tsa-refused = máy chủ cấp dấu thời gian { $url } từ chối yêu cầu ({ $status }){ $details }; hãy thử máy chủ khác, hoặc ký không có --tsa
verify-digest-mismatch = messageDigest của chữ ký không phải là giá trị băm SHA-256 của các byte được ký: CMS được tạo cho một văn bản khác hoặc văn bản đã bị thay đổi; hãy ký lại
verify-signature-fails = chữ ký của { $who } không xác thực được bằng khóa của chứng thư số: { $reason }
verify-public-key-unreadable = không đọc được khóa công khai của chứng thư số: { $reason }
verify-public-key-of-unreadable = không đọc được khóa công khai của { $who }: { $reason }
verify-curve = khóa của chứng thư số dùng đường cong elliptic { $curve }, không phải P-256; chỉ kiểm tra được chữ ký P-256 (secp256r1)
verify-key-type = khóa của chứng thư số thuộc loại { $oid }; chỉ kiểm tra được chữ ký RSA và ECDSA P-256
verify-cms-unreadable = không đọc được chữ ký (CMS): { $reason }
verify-cms-not-signed-data = chữ ký là một CMS { $kind }, không phải SignedData
verify-no-signer-info = chữ ký (CMS) không có SignerInfo
verify-no-signer-certificate = chữ ký (CMS) không chứa chứng thư số của người ký; hãy ký kèm chứng thư số
verify-digest-algorithm = thuật toán băm của chữ ký là { $oid }, không phải SHA-256 (hay SHA-1)
verify-signature-algorithm = thuật toán ký { $oid } không phải là RSA PKCS#1 v1.5 hay ECDSA (SHA-256 hoặc SHA-1) cho khóa loại { $key }
verify-cms-cut-short = chữ ký (CMS) bị cắt cụt: /Contents chứa ít hơn độ dài của nó
verify-tst-content = nội dung của nó là { $kind }, không phải TSTInfo
verify-tst-missing = nó không chứa TSTInfo
verify-tst-gentime = genTime của nó không phải là GeneralizedTime theo giờ UTC
## Kiểm tra chữ ký (src/sign/verify).
verify-cms-sha1-given-sha256 = CMS băm bằng SHA-1, còn giá trị băm được đưa là SHA-256
verify-sha1 = chữ ký dùng SHA-1, thuật toán không còn chống được xung đột (PAdES cơ bản yêu cầu SHA-256): việc kiểm tra chữ ký này kém tin cậy hơn
verify-no-message-digest = các thuộc tính được ký không có messageDigest
verify-timestamp-unreadable = không đọc được dấu thời gian: { $reason }
verify-several-signer-infos = CMS có nhiều SignerInfo; chỉ kiểm tra SignerInfo đầu tiên
verify-several-message-digests = các thuộc tính được ký có nhiều hơn một messageDigest
verify-no-signed-attributes = SignerInfo không có thuộc tính được ký (PAdES bắt buộc phải có)
verify-timestamp-imprint-algorithm = giá trị băm trong dấu thời gian dùng { $oid }, không phải SHA-256 hay SHA-1; không kiểm tra được
verify-timestamp-sha1 = giá trị băm trong dấu thời gian dùng SHA-1, thuật toán không còn chống được xung đột
verify-timestamp-not-over = dấu thời gian không được cấp cho { $over ->
    [signature] giá trị của chữ ký này
   *[other] các byte được ký
  }
verify-timestamp-signature = chữ ký riêng của dấu thời gian (do { $who } ký) không xác thực được
verify-malformed = không đọc được tệp PDF: cấu trúc của tệp bị sai hỏng
verify-too-many-signatures = tệp PDF có { $count } chữ ký; chỉ kiểm tra nhiều nhất { $max_signatures } chữ ký (mỗi chữ ký phải băm lại toàn bộ tệp)
verify-not-pdf = đây không phải là tệp PDF (không có phần đầu `%PDF-`); hãy đưa tệp PDF đã ký
verify-unreadable = không đọc được tệp PDF ({ $reason }); tệp bị hỏng hoặc không phải là tệp PDF
verify-encrypted = tệp PDF đã được mã hóa; không kiểm tra được chữ ký của tệp ở đây: hãy gỡ mã hóa (chữ ký sẽ hỏng nếu gỡ sau khi ký) hoặc kiểm tra bằng công cụ đã mã hóa tệp
verify-damaged = tệp PDF bị hỏng hoặc bị cắt cụt (phải dựng lại dữ liệu tham chiếu chéo); tệp đã ký phải được đọc đúng như khi ghi: hãy lấy lại tệp
verify-too-many-objects = tệp PDF có { $count } đối tượng, nhiều hơn max_source_objects ({ $limit }); hãy nâng giới hạn nếu tệp đáng tin cậy
verify-no-catalog = tệp PDF không có danh mục (/Root); tệp bị hỏng
verify-too-many-fields = biểu mẫu có nhiều hơn max_source_objects ({ $limit }) trường
verify-revisions-too-many-objects = so sánh các phiên bản cần nhiều hơn max_source_objects ({ $limit }) đối tượng; hãy nâng giới hạn nếu tệp đáng tin cậy
verify-too-many-values = các đối tượng của tệp PDF chứa nhiều hơn max_source_objects ({ $limit }) giá trị; hãy nâng giới hạn nếu tệp đáng tin cậy
verify-not-revision-end = các byte được ký kết thúc ở byte { $end }, không phải là điểm kết thúc của một phiên bản (%%EOF)
verify-bytes-changed = các byte được ký đã bị thay đổi sau khi ký: giá trị băm SHA-256 của chúng không phải là messageDigest của chữ ký
verify-field-unreadable = chữ ký của trường (/V) không phải là một từ điển chữ ký đọc được: tệp bị hỏng hoặc đã bị sửa đổi
verify-no-byte-range = chữ ký không có /ByteRange
verify-byte-range-not-four = /ByteRange không phải là bốn số nguyên
verify-byte-range-start = ByteRange không bắt đầu từ 0
verify-byte-range-negative = /ByteRange có số âm
verify-byte-range-order = khoảng thứ hai của /ByteRange không bắt đầu sau khoảng thứ nhất
verify-byte-range-overflow = /ByteRange bị tràn số
verify-byte-range-past-end = /ByteRange chạm tới byte { $end }, vượt quá cuối tệp ({ $size } byte): tệp bị cắt cụt
verify-byte-range-gap = khoảng trống của /ByteRange không đúng là phần <hex> của /Contents
verify-byte-range-contents = khoảng trống của /ByteRange không phải là /Contents của chữ ký này
## Thiết bị ký số USB (src/sign/pkcs11.rs).
sign-pkcs11-step = mô-đun PKCS#11 { $module }: { $what ->
    [initialise] không khởi tạo được
    [slots] không liệt kê được các khe cắm
    [session] không mở được phiên làm việc
    [login] không đăng nhập được
    [read-key] không đọc được khóa
    [list-keys] không liệt kê được các khóa
    [read-a-key] không đọc được một khóa
    [list-certificates] không liệt kê được các chứng thư số
    [read-certificate] không đọc được chứng thư số
    [pin-again] khóa yêu cầu nhập lại mã PIN
   *[other] thiết bị ký số không ký được
  }: { $reason }
sign-pkcs11-load = không nạp được mô-đun PKCS#11 { $name } ({ $reason }): hãy đưa đường dẫn tới thư viện PKCS#11 của thiết bị ký số (tệp .so)
sign-wrong-pin = sai mã PIN của thiết bị ký số ở khe { $slot } của { $name }: hãy nhập mã PIN người dùng của thiết bị (thiết bị sẽ tự khóa sau vài lần nhập sai)
sign-token-locked = thiết bị ký số ở khe { $slot } của { $name } đã bị khóa (nhập sai mã PIN quá nhiều lần): hãy mở khóa bằng mã PIN quản trị (SO PIN)
sign-token-key-type = khóa trên thiết bị ký số trong { $name } thuộc loại { $kind }: chỉ khóa RSA và P-256 mới ký được
sign-token-key-no-type = khóa trên thiết bị ký số trong { $name } không cho biết loại khóa
sign-token-no-certificate = không có chứng thư số cho khóa trên thiết bị ký số
sign-token-key-mismatch = khóa trên thiết bị ký số trong { $name } không cùng loại với khóa của chứng thư số cấp cho { $who }: hãy đưa đúng chứng thư số của khóa
sign-no-token = không có thiết bị ký số ở khe nào của mô-đun PKCS#11 { $name }: hãy cắm thiết bị (hoặc khởi tạo thiết bị)
sign-no-slot = không có khe cắm
sign-no-token-in-slot = không có thiết bị ký số ở khe { $n } của mô-đun PKCS#11 { $name }: các khe có thiết bị là { $slots } (chọn theo số thứ tự từ 0 đến { $last }, hoặc theo các mã này)
sign-token-no-such-key = không có khóa bí mật nào có nhãn hoặc mã { $want } trên thiết bị ký số trong { $name }: các khóa hiện có là { $keys }
sign-token-no-key = không có khóa bí mật trên thiết bị ký số trong { $name }: có đúng thiết bị và khe cắm không?
sign-token-several-keys = thiết bị ký số trong { $name } chứa { $count } khóa bí mật: hãy chọn một khóa theo nhãn hoặc mã: { $keys }
sign-token-key-no-certificate = không có chứng thư số cho khóa trên thiết bị ký số trong { $name }: hãy đưa chuỗi chứng thư số trong một tệp
sign-token-certificate-unreadable = không đọc được chứng thư số trên thiết bị ký số trong { $name } ({ $reason }): hãy đưa chuỗi chứng thư số trong một tệp
sign-token-ecdsa-size = thiết bị ký số trong { $name } trả về chữ ký ECDSA dài { $size } byte, không phải dạng r||s của P-256 ({ $reason })
## Lệnh `vanban sign` và `vanban verify` (src/cli/sign.rs).
cli-sign-bad-time = `{ $value }` không phải là thời điểm theo ISO 8601, ví dụ 2025-01-24T20:01:14+07:00: { $reason }
cli-sign-bad-seal-mm = `{ $value }`: con dấu có đường kính từ 10 đến 80 mm (thường là 36)
cli-sign-cannot-read = không đọc được { $what ->
    [seal] hình con dấu
    [image] hình chữ ký
    [certificate] chứng thư số
    [key] tệp khóa
    [signature] chữ ký
    [password] mật khẩu
    [pin] mã PIN
   *[other] tệp
  } { $file }: { $reason }
cli-sign-secret-not-utf8 = { $what ->
    [pin] mã PIN
   *[password] mật khẩu
  } { $file }: không phải là văn bản UTF-8
cli-sign-no-secret = chưa có { $what ->
    [pin] mã PIN
   *[password] mật khẩu
  }
    .hint = hãy ghi vào một tệp và dùng `{ $flag } FILE`, hoặc đặt biến môi trường { $var }; không bao giờ ghi trên dòng lệnh
cli-sign-agency-name-unknown = chưa biết tên cơ quan
    .hint = hãy dùng --name
cli-sign-agency-needs-seal = --agency cần có --seal (hình con dấu)
cli-sign-no-key = chưa có khóa để ký
    .hint = hãy dùng --p12 FILE (kèm --password-file hoặc VANBAN_P12_PASSWORD), hoặc --pkcs11 MODULE.so (kèm --pin-file), hoặc ký theo từng bước với --prepare và --finish
cli-sign-finish-needs = --finish cần có --cms SIG.p7s, hoặc --signature SIG.bin kèm --cert CHAIN.pem
cli-sign-key-no-certificate = { $key }: không có chứng thư số cho khóa
cli-verify-summary = { $file }: { $signatures } chữ ký, { $revisions } phiên bản: { $valid ->
    [yes] hợp lệ
   *[other] KHÔNG HỢP LỆ
  }
cli-verify-field = { $field } — { $valid ->
    [yes] hợp lệ
   *[other] KHÔNG HỢP LỆ
  }
cli-verify-signer = người ký:      { $name }
cli-verify-time = thời điểm ký:  { $time }
cli-verify-timestamp = dấu thời gian: { $time }
cli-verify-digest = giá trị băm:   { $matches ->
    [yes] khớp
   *[other] KHÔNG KHỚP với tệp
  }
cli-verify-signature = chữ ký:        { $valid ->
    [yes] hợp lệ
   *[other] KHÔNG HỢP LỆ
  }
cli-verify-covers = phạm vi ký:    phiên bản { $revision }{ $whole ->
    [yes] {" "}(toàn bộ tệp)
   *[other] {""}
  }
cli-verify-after = sau chữ ký:    { $changes ->
    [other] CÓ THAY ĐỔI KHÔNG PHẢI LÀ KÝ HOẶC ĐIỀN BIỂU MẪU
    [nothing] không có gì
   *[signing] chỉ có ký và điền biểu mẫu
  }
cli-verify-problem = vấn đề:        { $text }
cli-verify-warning = cảnh báo:      { $text }
sign-tst-not-signed-data = dấu thời gian không hợp lệ: nội dung của nó là { $kind }, không phải SignedData
sign-tst-not-tstinfo = dấu thời gian không hợp lệ: nó chứa { $kind }, không phải TSTInfo
sign-tst-no-tstinfo = dấu thời gian không hợp lệ: nó không chứa TSTInfo
sign-tst-empty = dấu thời gian không hợp lệ: TSTInfo của nó rỗng
sign-tst-no-field = dấu thời gian không hợp lệ: TSTInfo của nó không có { $field }
sign-tst-gentime = dấu thời gian không hợp lệ: genTime của nó không phải là GeneralizedTime
