//! edg's normalizer component for the mysql driver family.
edg_normalize::normalizer_component!("mysql");
