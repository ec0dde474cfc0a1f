# Thông báo của phần render. Tiếng Việt.
