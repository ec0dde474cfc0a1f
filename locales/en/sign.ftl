# Messages of the sign area. English.
