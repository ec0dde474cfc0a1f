# Thông báo của phần serve. Tiếng Việt.
