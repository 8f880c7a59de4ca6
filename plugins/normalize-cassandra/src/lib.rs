//! edg's normalizer component for the cassandra driver family.
edg_normalize::normalizer_component!("cassandra");
