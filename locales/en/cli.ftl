# Messages of the cli area. English.
