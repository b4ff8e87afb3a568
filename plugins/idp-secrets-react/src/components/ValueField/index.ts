export { ValueField, type ValueFieldProps } from './ValueField';
