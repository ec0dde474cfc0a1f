# Messages of the preview area. English.
