# Thông báo của phần cli. Tiếng Việt.
