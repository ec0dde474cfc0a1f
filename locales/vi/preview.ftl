# Thông báo của phần preview. Tiếng Việt.
