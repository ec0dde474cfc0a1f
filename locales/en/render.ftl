# Messages of the render area. English.
