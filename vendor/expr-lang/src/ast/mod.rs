pub mod node;
pub mod operator;
pub mod program;
pub mod unary_operator;
pub mod postfix_operator;
