//! edg's normalizer component for the mongodb driver family.
edg_normalize::normalizer_component!("mongodb");
