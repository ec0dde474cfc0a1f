# Messages of the preview area. English.
preview-page-size = the page size { $w }×{ $h } is not drawable
preview-too-many-pixels = the page would be { $wp }×{ $hp } = { $pixels } pixels at { $dpi } dpi; the limit is { $max_pixels } pixels: ask for a lower resolution
preview-bad-dpi = a resolution of { $dpi } dpi cannot be drawn: give { $min_dpi } to { $max_dpi } dpi (96 shows a page on a screen at its size)
preview-no-such-page = there is no page { $page }: the document has { $count ->
    [one] { $count } page
   *[other] { $count } pages
  } (ask for 1 to { $count })
preview-picture-size = cannot make a picture of { $w }×{ $h } pixels
preview-png-write = the PNG cannot be written: { $reason }
preview-image-undrawable = the image `{ $image }` cannot be drawn: { $reason }
preview-font-outlines = the preview cannot read this font's outlines ({ $reason })
