# Thông báo của phần render. Tiếng Việt.

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
