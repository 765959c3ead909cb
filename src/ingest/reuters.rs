//! Reuters-21578 category codes → display names and place paths.
