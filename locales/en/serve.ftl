# Messages of the serve area. English.
