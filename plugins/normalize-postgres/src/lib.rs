//! edg's normalizer component for the postgres driver family.
edg_normalize::normalizer_component!("postgres");
