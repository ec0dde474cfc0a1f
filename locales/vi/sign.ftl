# Thông báo của phần sign. Tiếng Việt.
