/**
 * A small sample catalog for the demo: two schemas a person can pick from, tables, a
 * view and a temp-like table that the demo's filters can leave out.
 */
export const SAMPLE_SCHEMA_SQL = `
  CREATE SCHEMA sales;
  CREATE SCHEMA crm;
  CREATE TABLE sales.customers (id serial PRIMARY KEY, name text NOT NULL, country text);
  CREATE TABLE sales.orders (id serial PRIMARY KEY,
    customer_id int REFERENCES sales.customers (id), total numeric(12, 2), placed_at date);
  CREATE VIEW sales.order_totals AS
    SELECT customer_id, sum(total) AS total FROM sales.orders GROUP BY customer_id;
  CREATE TABLE sales.tmp_import (line text);
  CREATE TABLE crm.contacts (id serial PRIMARY KEY, email text, customer_id int);
  INSERT INTO sales.customers (name, country) VALUES ('Ada', 'UK'), ('Grace', 'US');
  INSERT INTO sales.orders (customer_id, total, placed_at)
    VALUES (1, 120.50, '2026-11-02'), (2, 80.00, '2026-11-03');
`;
