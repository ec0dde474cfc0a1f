# Thông báo của phần input. Tiếng Việt.
