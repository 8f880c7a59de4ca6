//! edg's normalizer component for the sqlite driver family.
edg_normalize::normalizer_component!("sqlite");
