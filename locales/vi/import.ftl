# Thông báo của phần import. Tiếng Việt.
